/** Builds a StoredImage from an index entry: manifest and config blobs, layer paths. */
import { runtimeConfig, type ImageConfigFile } from '../image-config.js';
import { familiarReference, parseReference } from '../reference.js';
import { readBlobJson } from './blobs.js';
import { layerPath, type StorePaths } from './paths.js';
import type { IndexEntry } from './index-file.js';
import type { ImageManifest } from '../../registry/manifest.js';
import type { StoredImage } from '../image-store.js';

export interface LoadedImage extends StoredImage {
  readonly manifest: ImageManifest;
  readonly configFile: ImageConfigFile;
}

export async function loadImage(p: StorePaths, reference: string, entry: IndexEntry): Promise<LoadedImage> {
  const manifest = await readBlobJson<ImageManifest>(p, entry.manifest);
  const configFile = await readBlobJson<ImageConfigFile>(p, manifest.config.digest);
  const size = manifest.config.size + manifest.layers.reduce((n, l) => n + l.size, 0);
  return {
    reference,
    familiar: familiarReference(parseReference(reference)),
    id: manifest.config.digest,
    manifestDigest: entry.manifest,
    ...(entry.repoDigest ? { repoDigest: entry.repoDigest } : {}),
    config: runtimeConfig(configFile),
    layerDirs: configFile.rootfs.diff_ids.map((d) => layerPath(p, d)),
    platform: entry.platform,
    ...(configFile.created ? { created: configFile.created } : {}),
    size,
    manifest,
    configFile,
  };
}

/** the index key for a parsed reference: a digest wins over a tag, as in Docker */
export function indexKey(ref: { domain: string; path: string; tag?: string; digest?: string }): string {
  return ref.digest ? `${ref.domain}/${ref.path}@${ref.digest}` : `${ref.domain}/${ref.path}:${ref.tag ?? 'latest'}`;
}
