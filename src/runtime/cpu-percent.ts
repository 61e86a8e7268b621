/**
 * CPU % from two readings, the docker CLI's formula: the container's CPU time over the
 * host's CPU time in the same interval, scaled to "100 per busy CPU". Both backends use it
 * so that their figures mean the same.
 */
export interface CpuReading {
  /** CPU time the container's processes used, nanoseconds */
  readonly containerNs: number;
  /** CPU time of the whole host (all CPUs), nanoseconds */
  readonly systemNs: number;
  readonly onlineCpus: number;
}

export function cpuPercent(previous: CpuReading, current: CpuReading): number {
  const cpuDelta = current.containerNs - previous.containerNs;
  const systemDelta = current.systemNs - previous.systemNs;
  if (!(cpuDelta > 0) || !(systemDelta > 0)) return 0;
  return (cpuDelta / systemDelta) * current.onlineCpus * 100;
}
