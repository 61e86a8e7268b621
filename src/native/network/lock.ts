/**
 * Lock files shared by concurrent Berth commands: created exclusively, holding the pid, and
 * broken when that pid is gone (a command killed half-way must not block the next one).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RuntimeError } from '../../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One attempt: true when taken; a dead holder's lock is removed so the next attempt can win. */
export function tryLock(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      mkdirSync(dirname(path), { recursive: true });
      return false;
    }
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let holder = NaN;
    try {
      holder = Number(readFileSync(path, 'utf8'));
    } catch {
      return false;
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(path, { force: true });
    return false;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Synchronous lock, for short bookkeeping only. */
export function lockSync(path: string, timeoutMs = 30_000): () => void {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(path)) {
    if (Date.now() > deadline) throw new RuntimeError(`timed out waiting for the lock ${path}`);
    Atomics.wait(sleeper, 0, 0, 5);
  }
  return () => rmSync(path, { force: true });
}

export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(path)) {
    if (Date.now() > deadline) throw new RuntimeError(`timed out waiting for the lock ${path}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
