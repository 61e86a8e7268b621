/**
 * Serializes commands on one project from several shells: `<root>/locks/<project>` is created
 * with O_EXCL and holds "<pid> <start time>". A lock whose holder is gone (killed CLI, reboot)
 * is stale and taken over, so a kill -9 of the CLI never wedges the project.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeError } from '../../errors.js';
import { isSameProcess, processStartTime } from './shim-state.js';

export interface ProjectLock {
  release(): void;
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, `${process.pid} ${processStartTime(process.pid) ?? '0'}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RuntimeError(`create lock ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function holderAlive(path: string): boolean {
  try {
    const [pid, start] = readFileSync(path, 'utf8').trim().split(' ');
    return isSameProcess(Number(pid), start ?? '0');
  } catch {
    return true; // being written right now: treat as held
  }
}

export async function lockProject(locksDir: string, project: string, timeoutMs = 60_000): Promise<ProjectLock> {
  mkdirSync(locksDir, { recursive: true });
  const path = join(locksDir, project);
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (tryCreate(path)) {
      return { release: () => void unlinkSafe(path) };
    }
    if (!holderAlive(path)) {
      unlinkSafe(path);
      continue;
    }
    if (Date.now() > deadline) throw new RuntimeError(`project ${project} is locked by another command (${path})`);
    await sleep(delay);
  }
}

function unlinkSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
