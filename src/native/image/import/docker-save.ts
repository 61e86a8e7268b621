/** Reads images from an unpacked `docker save` archive (manifest.json with RepoTags). */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../../../errors.js';
import { MEDIA } from '../../registry/manifest.js';
import type { ImageConfigFile } from '../image-config.js';
import { parseReference } from '../reference.js';
import { indexKey } from '../store/load-image.js';
import { cleanEntryName } from '../unpack/safe-path.js';
import { sniffCompression } from './scan-archive.js';
import type { LocalImage } from './store-image.js';

interface SaveEntry { Config?: string; RepoTags?: string[] | null; Layers?: string[] }

async function fileDigest(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}

export async function readDockerSave(dir: string, given: string | undefined, manifest: unknown): Promise<LocalImage[]> {
  if (!Array.isArray(manifest)) throw new UsageError(`${dir}: manifest.json is not a list`);
  const images: LocalImage[] = [];
  for (const raw of manifest as SaveEntry[]) {
    if (!raw.Config || !Array.isArray(raw.Layers)) throw new UsageError(`${dir}: manifest.json entry without Config or Layers`);
    const config = await readFile(join(dir, cleanEntryName(raw.Config)));
    const diffIds = (JSON.parse(config.toString('utf8')) as ImageConfigFile).rootfs?.diff_ids ?? [];
    const layers = [];
    for (const [i, name] of raw.Layers.entries()) {
      const file = join(dir, cleanEntryName(name));
      const gz = (await sniffCompression(file)) === 'gzip';
      layers.push({
        file,
        descriptor: {
          mediaType: gz ? MEDIA.ociLayerGzip : MEDIA.ociLayer,
          digest: gz ? await fileDigest(file) : (diffIds[i] ?? (await fileDigest(file))),
          size: (await stat(file)).size,
        },
      });
    }
    const tags = given ? [given] : (raw.RepoTags ?? []);
    if (tags.length === 0) throw new UsageError(`${dir}: an image in the archive has no tag; give a name: compose image import FILE NAME[:TAG]`);
    images.push({ config, layers, references: tags.map((t) => indexKey(parseReference(t))) });
    if (given) break;
  }
  return images;
}
