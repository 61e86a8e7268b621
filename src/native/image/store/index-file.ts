/**
 * The reference index: canonical reference -> manifest digest. Read freely; every
 * change is a locked read-modify-write with an atomic replace.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import { withLock } from './lock.js';
import type { StorePaths } from './paths.js';
import type { Platform } from '../image-store.js';

export interface IndexEntry {
  /** the single-platform manifest stored for this reference */
  readonly manifest: string;
  /** the digest the registry knows it by (a manifest list's, or the manifest's own) */
  readonly repoDigest?: string;
  readonly platform: Platform;
  /** when this reference was last set */
  readonly updated: string;
}

export interface IndexData {
  readonly version: 1;
  readonly references: Readonly<Record<string, IndexEntry>>;
}

const EMPTY: IndexData = { version: 1, references: {} };

export async function readIndex(p: StorePaths): Promise<IndexData> {
  try {
    const data = JSON.parse(await readFile(p.index, 'utf8')) as IndexData;
    return data.version === 1 && data.references ? data : EMPTY;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw err;
  }
}

export async function updateIndex(
  p: StorePaths,
  change: (refs: Record<string, IndexEntry>) => void | Promise<void>,
): Promise<IndexData> {
  return withLock(p.lock, async () => {
    const refs = { ...(await readIndex(p)).references };
    await change(refs);
    const next: IndexData = { version: 1, references: refs };
    await writeFileAtomic(p, p.index, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  });
}
