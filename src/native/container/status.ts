/**
 * The truth about a container, from its state file checked against the kernel: a shim
 * that died while the container runs is replaced (adopt), a container that died unwatched or
 * vanished with a reboot is recorded as exited, so `ps` never reports a ghost as running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write.js';
import { isSameProcess, readShimState, shimAlive, type ShimState } from '../state/shim-state.js';
import { adoptShim } from './shim-process.js';

function exitCodeFile(dir: string): number {
  try {
    const n = Number.parseInt(readFileSync(join(dir, 'exitcode'), 'utf8'), 10);
    return Number.isNaN(n) ? 137 : n;
  } catch {
    return 137;
  }
}

function markExited(dir: string, s: ShimState, code: number): ShimState {
  const next: ShimState = { ...s, status: 'exited', pid: 0, exitCode: code, finishedAt: Date.now() };
  const text = [
    `status exited`, `pid 0`, `pid_start 0`, `shim_pid 0`, `exit_code ${code}`,
    `started_at ${Math.round(s.startedAt * 1e6)}`, `finished_at ${Date.now() * 1e6}`,
    `restart_count ${s.restartCount}`, `health ${s.health}`, `failing_streak ${s.failingStreak}`, `error ${s.error}`,
  ].join('\n');
  writeFileAtomic(join(dir, 'state'), text + '\n');
  return next;
}

/** undefined: created, never started */
export function liveState(dir: string, shimPath: string, options: { recover: boolean } = { recover: true }): ShimState | undefined {
  const s = readShimState(dir);
  if (!s || s.status === 'exited') return s;
  if (shimAlive(dir)) return s;
  const containerAlive = s.pid > 0 && isSameProcess(s.pid, s.pidStart);
  if (containerAlive) {
    if (options.recover && existsSync(join(dir, 'config'))) adoptShim(shimPath, dir);
    return s;
  }
  // the shim is gone and so is the container: died unwatched, or the host rebooted
  return markExited(dir, s, s.status === 'created' ? 137 : exitCodeFile(dir));
}
