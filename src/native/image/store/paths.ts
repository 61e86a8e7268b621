/** Where everything lives under `<root>/images`; see image-store.ts for the layout. */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface StorePaths {
  readonly root: string;
  readonly images: string;
  readonly blobs: string;
  readonly layers: string;
  readonly tmp: string;
  readonly index: string;
  readonly lock: string;
  readonly whiteout: string;
}

export function storePaths(root: string): StorePaths {
  const images = join(root, 'images');
  return {
    root,
    images,
    blobs: join(images, 'blobs', 'sha256'),
    layers: join(images, 'layers', 'sha256'),
    tmp: join(images, 'tmp'),
    index: join(images, 'index.json'),
    lock: join(images, 'index.lock'),
    whiteout: join(images, 'whiteout'),
  };
}

export function hexOf(digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!m) throw new Error(`unsupported digest "${digest}": only sha256 is stored`);
  return m[1] as string;
}

export function blobPath(p: StorePaths, digest: string): string {
  return join(p.blobs, hexOf(digest));
}

export function layerPath(p: StorePaths, diffId: string): string {
  return join(p.layers, hexOf(diffId));
}

/**
 * Work files carry the writer's pid so that a later run can tell an abandoned file
 * (its process is gone) from one a concurrent pull is still writing.
 */
export function tmpPath(p: StorePaths, label: string): string {
  return join(p.tmp, `${process.pid}-${randomBytes(6).toString('hex')}-${label}`);
}

export function tmpOwner(name: string): number | undefined {
  const m = /^(\d+)-/.exec(name);
  return m ? Number(m[1]) : undefined;
}
