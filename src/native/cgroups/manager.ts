/**
 * One cgroup interface for the native runtime with v1, v2 and no-op implementations.
 * The cgroupfs root is a parameter so tests drive a fake tree in a temp directory.
 * A container's cgroup is named by a relative path such as `berth/<id>`.
 */
import type { DevicePolicy } from './device-rules.js';

export interface CgroupLimits {
  /** bytes */
  readonly memory?: number;
  /** memory + swap, bytes (-1: unlimited swap) */
  readonly memorySwap?: number;
  /** fractional CPUs, e.g. 0.5 */
  readonly cpus?: number;
  readonly cpuShares?: number;
  readonly cpuset?: string;
  readonly pids?: number;
  /** the devices policy (device-rules.ts); applied at create only, absent means the defaults */
  readonly devices?: DevicePolicy;
}

export interface CgroupStats {
  readonly memoryUsage: number;
  /** undefined when unlimited */
  readonly memoryLimit?: number;
  /** total CPU time used, nanoseconds */
  readonly cpuUsageNs: number;
  readonly pids: number;
  /** inactive file pages counted in memoryUsage (docker stats leaves them out); absent when not reported */
  readonly inactiveFile?: number;
  /** bytes read and written on block devices; absent when the io/blkio controller is not there */
  readonly blockRead?: number;
  readonly blockWrite?: number;
}

export type CgroupVersion = 'v1' | 'v2' | 'none';

export interface CgroupManager {
  readonly version: CgroupVersion;
  /** creates the cgroup and applies its limits */
  create(name: string, limits: CgroupLimits): void;
  apply(name: string, limits: CgroupLimits): void;
  /** the cgroup.procs files a process must be written into to join (the shim does it before exec) */
  procsFiles(name: string): string[];
  addProcess(name: string, pid: number): void;
  freeze(name: string): void;
  thaw(name: string): void;
  stats(name: string): CgroupStats;
  pids(name: string): number[];
  /** removes the cgroup; processes still in it are killed first */
  remove(name: string): void;
}

export const CPU_PERIOD_US = 100_000;
