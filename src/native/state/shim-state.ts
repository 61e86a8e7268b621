/**
 * The `state` file the shim writes (key value lines) and the liveness checks that make
 * `ps` truthful after a killed shim, a dead container or a reboot: a pid only counts as
 * ours when its start time (field 22 of /proc/<pid>/stat) matches what was recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ShimStatus = 'created' | 'running' | 'restarting' | 'exited';

export interface ShimState {
  readonly status: ShimStatus;
  readonly pid: number;
  readonly pidStart: string;
  readonly shimPid: number;
  readonly exitCode: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly restartCount: number;
  readonly health: 'none' | 'starting' | 'healthy' | 'unhealthy';
  readonly failingStreak: number;
  readonly error: string;
}

export function parseShimState(text: string): ShimState {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) kv.set(line.slice(0, sp), line.slice(sp + 1));
  }
  const num = (k: string) => Number(kv.get(k) ?? 0) || 0;
  const status = kv.get('status');
  const health = kv.get('health');
  return {
    status: status === 'created' || status === 'running' || status === 'restarting' ? status : 'exited',
    pid: num('pid'),
    pidStart: kv.get('pid_start') ?? '0',
    shimPid: num('shim_pid'),
    exitCode: num('exit_code'),
    startedAt: num('started_at') / 1e6,
    finishedAt: num('finished_at') / 1e6,
    restartCount: num('restart_count'),
    health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : 'none',
    failingStreak: num('failing_streak'),
    error: kv.get('error') ?? '',
  };
}

export function readShimState(dir: string): ShimState | undefined {
  try {
    return parseShimState(readFileSync(join(dir, 'state'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** start time of a process in clock ticks since boot, or undefined when it is gone or a zombie */
export function processStartTime(pid: number): string | undefined {
  if (!(pid > 0)) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // a zombie has exited: whether its parent reaps it soon (PID 1 of a container host may
    // not), it must not pass for a live shim, container or lock holder
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

export function isSameProcess(pid: number, start: string): boolean {
  return start !== '0' && processStartTime(pid) === start;
}

/** the shim's `shim.pid` file: "<pid> <start time>" */
export function shimAlive(dir: string): boolean {
  try {
    const [pid, start] = readFileSync(join(dir, 'shim.pid'), 'utf8').trim().split(' ');
    return isSameProcess(Number(pid), start ?? '0');
  } catch {
    return false;
  }
}
