/**
 * stop: mark the stop as intended (so no restart policy brings it back), send the stop
 * signal to the init (which forwards it), and SIGKILL the whole container after the grace period.
 */
import { watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { liveState } from './status.js';
import type { ShimState } from '../state/shim-state.js';

export function signalNumberOrName(signal: string): NodeJS.Signals | number {
  if (/^\d+$/.test(signal)) return Number(signal);
  const s = signal.toUpperCase();
  return (s.startsWith('SIG') ? s : `SIG${s}`) as NodeJS.Signals;
}

function send(pid: number, signal: NodeJS.Signals | number): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export async function waitExited(dir: string, shimPath: string, timeoutMs: number, signal?: AbortSignal): Promise<ShimState | undefined> {
  const deadline = Date.now() + timeoutMs;
  // the shim renames `state` into place when the container exits: inotify wakes us at once;
  // polling stays as the fallback (and notices a shim that died without writing)
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, () => wake?.());
  } catch {
    // no inotify: poll only
  }
  try {
    for (;;) {
      const s = liveState(dir, shimPath);
      if (!s || s.status === 'exited') return s;
      if (Date.now() >= deadline || signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    watcher?.close();
  }
}

export async function stopContainer(dir: string, shimPath: string, stopSignal: string, graceMs: number): Promise<void> {
  writeFileSync(join(dir, 'stop-requested'), '');
  const s = liveState(dir, shimPath);
  if (!s || s.status === 'exited') return;
  if (s.status === 'restarting' || s.pid === 0) {
    send(s.shimPid, 'SIGTERM');
  } else {
    send(s.pid, signalNumberOrName(stopSignal));
  }
  if (await waitExited(dir, shimPath, graceMs)) return;
  const now = liveState(dir, shimPath);
  if (now && now.pid > 0) send(now.pid, 'SIGKILL');
  await waitExited(dir, shimPath, 10_000);
}
