/**
 * `stats` on the docker backend: the Engine's stats document turned into Berth's shape with
 * the docker CLI's arithmetic (CPU % against system_cpu_usage, memory without inactive
 * page cache, block I/O summed over devices, network over interfaces).
 */
import type Docker from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerStats } from '../runtime/runtime.js';
import { cpuPercent, type CpuReading } from '../runtime/cpu-percent.js';

/** the fields of the Engine's document this reads; all optional since a stopped container has few */
export interface EngineStats {
  readonly cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  readonly precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  readonly memory_stats?: { usage?: number; limit?: number; stats?: Readonly<Record<string, number>> };
  readonly networks?: Readonly<Record<string, { rx_bytes?: number; tx_bytes?: number }>>;
  readonly blkio_stats?: { io_service_bytes_recursive?: readonly { op?: string; value?: number }[] | null };
  readonly pids_stats?: { current?: number };
}

export function engineCpuReading(s: EngineStats): CpuReading {
  const cpu = s.cpu_stats;
  return {
    containerNs: cpu?.cpu_usage?.total_usage ?? 0,
    systemNs: cpu?.system_cpu_usage ?? 0,
    onlineCpus: cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 0,
  };
}

/** the docker CLI's memory figure: usage less inactive file pages (v1 total_inactive_file, v2 inactive_file) */
export function memoryWithoutCache(usage: number, stats: Readonly<Record<string, number>> = {}): number {
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined) return v1 < usage ? usage - v1 : usage;
  const v2 = stats.inactive_file ?? 0;
  return v2 < usage ? usage - v2 : usage;
}

/** `previous` is the last reading this CLI took; without it the Engine's precpu_stats are used */
export function fromEngineStats(s: EngineStats, previous?: CpuReading): ContainerStats {
  const current = engineCpuReading(s);
  const before = previous ?? {
    containerNs: s.precpu_stats?.cpu_usage?.total_usage ?? 0,
    systemNs: s.precpu_stats?.system_cpu_usage ?? 0,
    onlineCpus: current.onlineCpus,
  };
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') blockRead += e.value ?? 0;
    else if (op === 'write') blockWrite += e.value ?? 0;
  }
  return {
    cpuPercent: cpuPercent(before, current),
    memoryUsage: memoryWithoutCache(s.memory_stats?.usage ?? 0, s.memory_stats?.stats),
    memoryLimit: s.memory_stats?.limit ?? 0,
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: s.pids_stats?.current ?? 0,
  };
}

/**
 * Reads one container's stats with one-shot requests (the Engine answers at once instead of
 * waiting for its own second sample, about 2 s): the first reading of a container takes two,
 * `intervalMs` apart; later ones are measured against the last reading this CLI took.
 */
export async function readEngineStats(container: Docker.Container, previous: Map<string, CpuReading>, intervalMs = 500): Promise<ContainerStats> {
  const oneShot = async () => (await container.stats({ stream: false, 'one-shot': true })) as unknown as EngineStats;
  let last = previous.get(container.id);
  let raw = await oneShot();
  if (!last) {
    last = engineCpuReading(raw);
    await sleep(intervalMs);
    raw = await oneShot();
  }
  previous.set(container.id, engineCpuReading(raw));
  return fromEngineStats(raw, last);
}
