/**
 * `stats` on the native backend: memory, CPU time, pids and block I/O from the container's
 * cgroup, network bytes from /proc/<init>/net/dev (its own namespace), combined with the
 * docker CLI's arithmetic so that both backends' figures mean the same.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerStats } from '../../runtime/runtime.js';
import { cpuPercent, type CpuReading } from '../../runtime/cpu-percent.js';
import type { CgroupManager, CgroupStats } from '../cgroups/manager.js';

/** how long the first reading of a container waits for the second one CPU % needs */
export const FIRST_INTERVAL_MS = 500;

/** /proc/<pid>/net/dev: per interface, received bytes (1st field) and transmitted (9th); lo left out as docker does */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo') continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(fields[0]) || 0;
    tx += Number(fields[8]) || 0;
  }
  return { rx, tx };
}

/** CPU time of the host over wall time: with it the docker formula gives busy CPUs x 100 */
export function nativeCpuReading(cgroupCpuNs: number, wallNs: number, cpus = availableParallelism()): CpuReading {
  return { containerNs: cgroupCpuNs, systemNs: wallNs * cpus, onlineCpus: cpus };
}

export function toContainerStats(cg: CgroupStats, net: { rx: number; tx: number }, cpu: number, hostMemory = totalmem()): ContainerStats {
  const cache = cg.inactiveFile ?? 0;
  return {
    cpuPercent: cpu,
    memoryUsage: cache < cg.memoryUsage ? cg.memoryUsage - cache : cg.memoryUsage,
    memoryLimit: cg.memoryLimit !== undefined ? Math.min(cg.memoryLimit, hostMemory) : hostMemory,
    netRx: net.rx,
    netTx: net.tx,
    blockRead: cg.blockRead ?? 0,
    blockWrite: cg.blockWrite ?? 0,
    pids: cg.pids,
  };
}

export const NO_STATS: ContainerStats = {
  cpuPercent: 0, memoryUsage: 0, memoryLimit: 0, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 0,
};

export interface LiveContainer {
  readonly id: string;
  readonly cgroup: string;
  /** the container's init; 0 when it has its host's network namespace (nothing of its own to count) */
  readonly netPid: number;
}

function netOf(pid: number): { rx: number; tx: number } {
  if (pid <= 0) return { rx: 0, tx: 0 };
  try {
    return parseNetDev(readFileSync(`/proc/${pid}/net/dev`, 'utf8'));
  } catch {
    return { rx: 0, tx: 0 };
  }
}

/** `previous` holds each container's last CPU reading; a container without one is read twice */
export async function readNativeStats(cgroups: CgroupManager, c: LiveContainer, previous: Map<string, CpuReading>): Promise<ContainerStats> {
  const now = () => Number(process.hrtime.bigint());
  let last = previous.get(c.id);
  if (!last) {
    last = nativeCpuReading(cgroups.stats(c.cgroup).cpuUsageNs, now());
    await sleep(FIRST_INTERVAL_MS);
  }
  const cg = cgroups.stats(c.cgroup);
  const reading = nativeCpuReading(cg.cpuUsageNs, now());
  previous.set(c.id, reading);
  return toContainerStats(cg, netOf(c.netPid), cpuPercent(last, reading));
}
