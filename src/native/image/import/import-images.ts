/**
 * `image import`: what a file or directory holds decides how it is read.
 *   OCI layout (directory or tar): index.json -> manifests, named by the
 *     org.opencontainers.image.ref.name annotation (or the NAME given)
 *   docker save tar: manifest.json entries with RepoTags and layer.tar files
 *   anything else: a rootfs tarball (optionally gzip), one layer, like `docker import`
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../../errors.js';
import type { ImportOptions } from '../image-store.js';
import { indexKey } from '../store/load-image.js';
import { tmpPath, type StorePaths } from '../store/paths.js';
import { parseReference } from '../reference.js';
import { readOciLayout } from './oci-layout.js';
import { readDockerSave } from './docker-save.js';
import { rootfsImage } from './rootfs.js';
import { scanArchive } from './scan-archive.js';
import { unpackArchive } from './unpack-archive.js';
import { storeLocalImage, type LocalImage } from './store-image.js';

async function storeAll(p: StorePaths, images: readonly LocalImage[], source: string): Promise<string[]> {
  if (images.length === 0) throw new UsageError(`${source}: no images found`);
  const keys: string[] = [];
  for (const img of images) {
    await storeLocalImage(p, img);
    keys.push(...img.references);
  }
  return keys;
}

export function nameFor(source: string, given: string | undefined, annotated: string | undefined): string {
  if (given) {
    const ref = parseReference(given);
    // `import layout.tar app` with a ref.name of "1.0" means app:1.0
    if (!given.includes(':') && annotated && /^[\w][\w.-]*$/.test(annotated)) return indexKey({ ...ref, tag: annotated });
    return indexKey(ref);
  }
  if (annotated && !/^[\w][\w.-]*$/.test(annotated)) return indexKey(parseReference(annotated));
  throw new UsageError(`${source}: the image has no name${annotated ? ` (only the tag "${annotated}")` : ''}; give one: compose image import ${source} NAME[:TAG]`);
}

export async function importImages(p: StorePaths, source: string, options: ImportOptions): Promise<string[]> {
  const st = await stat(source).catch(() => undefined);
  if (!st) throw new UsageError(`${source}: no such file or directory`);
  if (st.isDirectory()) {
    const isLayout = await stat(join(source, 'oci-layout')).then(() => true, () => false);
    if (!isLayout) throw new UsageError(`${source}: not an OCI image layout (no oci-layout file); import a rootfs as a tarball instead`);
    return storeAll(p, await readOciLayout(source, options.reference, nameFor), source);
  }
  const scan = await scanArchive(source);
  if (scan.kind === 'rootfs') {
    if (!options.reference) throw new UsageError(`${source}: a rootfs tarball needs a name: compose image import ${source} NAME[:TAG]`);
    return storeAll(p, [rootfsImage(source, scan, indexKey(parseReference(options.reference)), options.changes ?? [])], source);
  }
  const dir = tmpPath(p, 'import');
  await mkdir(dir);
  try {
    await unpackArchive(source, scan.compression, dir);
    const images =
      scan.kind === 'oci-layout'
        ? await readOciLayout(dir, options.reference, nameFor)
        : await readDockerSave(dir, options.reference, JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as unknown);
    return await storeAll(p, images, source);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
