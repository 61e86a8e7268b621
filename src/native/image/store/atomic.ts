/**
 * Nothing is written in place: a file is written under tmp/, flushed, and renamed
 * over its final name, so a reader (or a run after a crash) sees the old content or
 * the new, never half of it.
 */
import { open, rename, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpOwner, tmpPath, type StorePaths } from './paths.js';

export async function writeFileAtomic(p: StorePaths, dest: string, data: string | Buffer): Promise<void> {
  const tmp = tmpPath(p, 'file');
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** removes work left by processes that no longer exist */
export async function sweepAbandoned(p: StorePaths): Promise<number> {
  const names = await readdir(p.tmp).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const pid = tmpOwner(name);
    if (pid === undefined || !alive(pid)) {
      await rm(join(p.tmp, name), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

export { alive as processAlive };
