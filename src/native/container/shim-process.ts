/**
 * Spawning a container's shim and speaking its start protocol: `created <pid>` (the init waits
 * at the barrier), then the caller's hook (networking), then `start`, then `running` or
 * `failed <why>`. The shim runs in its own session and is unref'd, so the CLI may exit at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { RuntimeError } from '../../errors.js';

export interface ShimLaunch {
  readonly pid: number;
  /** releases the barrier; resolves when the process was exec'd */
  start(): Promise<void>;
  /** gives up before start: the shim kills the waiting init and exits */
  abort(): void;
}

function lineReader(child: ChildProcess): () => Promise<string> {
  const rl = createInterface({ input: child.stdout! });
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  rl.on('line', (l) => (waiters.length ? waiters.shift()!(l) : lines.push(l)));
  rl.on('close', () => waiters.splice(0).forEach((w) => w('failed the shim exited without a reply')));
  return () => new Promise((resolve) => (lines.length ? resolve(lines.shift()!) : waiters.push(resolve)));
}

function detach(child: ChildProcess): void {
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.unref();
}

export async function launchShim(shimPath: string, dir: string, what: string): Promise<ShimLaunch> {
  const child = spawn(shimPath, [dir], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], cwd: '/' });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new RuntimeError(`start shim ${shimPath} for ${what}: ${err.message}`, { cause: err })));
  });
  await spawned;
  const next = lineReader(child);
  const first = await next();
  if (!first.startsWith('created ')) {
    detach(child);
    throw new RuntimeError(`create ${what}: ${first.replace(/^failed /, '')}`);
  }
  const pid = Number(first.slice(8));
  return {
    pid,
    async start() {
      child.stdin!.write('start\n');
      const reply = await next();
      detach(child);
      if (reply !== 'running') throw new RuntimeError(`start ${what}: ${reply.replace(/^failed /, '')}`);
    },
    abort() {
      detach(child);
    },
  };
}

/** takes over a running container whose shim died; fire and forget */
export function adoptShim(shimPath: string, dir: string): void {
  const child = spawn(shimPath, ['--adopt', dir], { detached: true, stdio: 'ignore', cwd: '/' });
  child.on('error', () => undefined);
  child.unref();
}
