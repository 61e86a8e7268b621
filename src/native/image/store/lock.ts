/**
 * A cross-process lock for the reference index: a lock file created with O_EXCL
 * holding the owner's pid. A lock whose owner is dead (a killed pull) is taken over.
 * Only index updates hold it, briefly; blobs and layers need no lock because they are
 * content-addressed and renamed into place whole.
 */
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeError } from '../../../errors.js';
import { processAlive } from './atomic.js';

export async function withLock<T>(lockFile: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await open(lockFile, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      // an empty file is a lock being written right now; give it a moment
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
        await takeOverStale(lockFile, owner);
        continue;
      }
      if (Date.now() > deadline) throw new RuntimeError(`image store is locked by process ${owner || '?'} (${lockFile})`);
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

/**
 * Moves the dead owner's lock aside before deleting it, so that two processes taking
 * over the same stale lock cannot delete a lock one of them has just created: whoever
 * moves a lock that turns out to be live puts it back.
 */
async function takeOverStale(lockFile: string, deadOwner: number): Promise<void> {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch {
    return;
  }
  const owner = Number((await readFile(aside, 'utf8').catch(() => '')).trim());
  if (owner !== deadOwner) await link(aside, lockFile).catch(() => undefined);
  await rm(aside, { force: true });
}
