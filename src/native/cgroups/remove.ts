import { RuntimeError } from '../../errors.js';

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** kills what is left in a cgroup and removes it; rmdir fails while the kernel still tears processes down */
export function killAndRemove(pids: () => number[], rmdirs: () => void, timeoutMs = 5000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const pid of pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      rmdirs();
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'EBUSY' && code !== 'ENOTEMPTY') || Date.now() > deadline)
        throw new RuntimeError(`remove cgroup: ${(err as Error).message}`, { cause: err });
      sleepSync(20);
    }
  }
}
