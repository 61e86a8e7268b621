/**
 * Garbage collection of blobs and layers that no reference reaches. Runs under the
 * index lock (pulls check their layers under the same lock before recording a
 * reference). A layer directory is renamed into tmp/ before it is deleted, so a crash
 * midway never leaves a half-deleted layer where a complete one is expected.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlobJson } from './blobs.js';
import { tmpPath, type StorePaths } from './paths.js';
import type { IndexEntry } from './index-file.js';
import type { ImageManifest } from '../../registry/manifest.js';
import type { ImageConfigFile } from '../image-config.js';

export interface GcResult { blobs: number; layers: number; bytes: number }

async function reachable(p: StorePaths, refs: Readonly<Record<string, IndexEntry>>): Promise<{ blobs: Set<string>; layers: Set<string> }> {
  const blobs = new Set<string>();
  const layers = new Set<string>();
  for (const entry of Object.values(refs)) {
    try {
      const m = await readBlobJson<ImageManifest>(p, entry.manifest);
      blobs.add(entry.manifest);
      blobs.add(m.config.digest);
      for (const l of m.layers) blobs.add(l.digest);
      const c = await readBlobJson<ImageConfigFile>(p, m.config.digest);
      for (const d of c.rootfs.diff_ids) layers.add(d);
    } catch {
      // an entry whose blobs are gone keeps nothing alive
    }
  }
  return { blobs, layers };
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

export async function collectGarbage(p: StorePaths, refs: Readonly<Record<string, IndexEntry>>): Promise<GcResult> {
  const keep = await reachable(p, refs);
  const result: GcResult = { blobs: 0, layers: 0, bytes: 0 };
  for (const hex of await readdir(p.blobs).catch(() => [] as string[])) {
    if (keep.blobs.has(`sha256:${hex}`)) continue;
    result.bytes += await sizeOf(join(p.blobs, hex));
    await rm(join(p.blobs, hex), { force: true });
    result.blobs++;
  }
  for (const hex of await readdir(p.layers).catch(() => [] as string[])) {
    if (keep.layers.has(`sha256:${hex}`)) continue;
    const doomed = tmpPath(p, 'deleted-layer');
    await rename(join(p.layers, hex), doomed);
    await rm(doomed, { recursive: true, force: true });
    result.layers++;
  }
  return result;
}
