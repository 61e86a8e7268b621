/**
 * Puts one image read from local files into the store: layers (verified and unpacked
 * like pulled ones), config, manifest, then the references.
 */
import { createReadStream } from 'node:fs';
import { RuntimeError } from '../../../errors.js';
import { layerCompression, MEDIA, type Descriptor } from '../../registry/manifest.js';
import { hostPlatform } from '../../registry/platform.js';
import type { ImageConfigFile } from '../image-config.js';
import type { Platform } from '../image-store.js';
import { putBlob } from '../store/blobs.js';
import { updateIndex } from '../store/index-file.js';
import { ingestLayer, layerComplete, layerPresent } from '../store/ingest-layer.js';
import type { StorePaths } from '../store/paths.js';

export interface LocalLayer {
  readonly file: string;
  readonly descriptor: Descriptor;
}

export interface LocalImage {
  readonly config: Buffer;
  readonly layers: readonly LocalLayer[];
  /** the original manifest bytes when the source had one (OCI layout), so digests survive */
  readonly manifest?: Buffer;
  readonly references: readonly string[];
}

export async function storeLocalImage(p: StorePaths, image: LocalImage): Promise<void> {
  const configFile = JSON.parse(image.config.toString('utf8')) as ImageConfigFile;
  const diffIds = configFile.rootfs?.diff_ids ?? [];
  if (diffIds.length !== image.layers.length) {
    throw new RuntimeError(`image config lists ${diffIds.length} layers but the archive has ${image.layers.length}`);
  }
  for (const [i, layer] of image.layers.entries()) {
    const l = { digest: layer.descriptor.digest, diffId: diffIds[i] as string };
    if (await layerComplete(p, l)) continue;
    const compression = layerCompression(layer.descriptor.mediaType);
    const source = createReadStream(layer.file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
    await ingestLayer(p, { ...l, compression }, source, !(await layerPresent(p, l.diffId)));
  }
  const configDigest = await putBlob(p, image.config);
  const manifestBody =
    image.manifest ??
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.ociManifest,
        config: { mediaType: MEDIA.ociConfig, digest: configDigest, size: image.config.length },
        layers: image.layers.map((l) => l.descriptor),
      }),
    );
  const manifest = await putBlob(p, manifestBody);
  const platform: Platform = configFile.architecture
    ? { os: configFile.os ?? 'linux', architecture: configFile.architecture, ...(configFile.variant ? { variant: configFile.variant } : {}) }
    : hostPlatform();
  await updateIndex(p, (refs) => {
    for (const r of image.references) refs[r] = { manifest, repoDigest: manifest, platform, updated: new Date().toISOString() };
  });
}
