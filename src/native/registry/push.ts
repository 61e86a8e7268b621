/**
 * Pushing a stored image: config and layer blobs (skipped when the repository has
 * them, mounted from the image's own repository when it lives on the same registry),
 * then the manifest under the tag. Blobs go before the manifest because a registry
 * rejects a manifest whose blobs it does not have.
 */
import { stat } from 'node:fs/promises';
import { blobPath, type StorePaths } from '../image/store/paths.js';
import { readBlob } from '../image/store/blobs.js';
import { parseReference, type ImageReference } from '../image/reference.js';
import { runBounded } from '../image/pull/bounded.js';
import { uploadBlob } from './blobs.js';
import { putManifest } from './manifests.js';
import { MEDIA, type ImageManifest } from './manifest.js';
import type { RegistryClient } from './client.js';
import type { StoredImage } from '../image/image-store.js';

export interface PushProgress {
  readonly digest: string;
  readonly state: 'exists' | 'mounted' | 'uploaded';
  readonly size: number;
}

export async function pushImage(
  p: StorePaths,
  client: RegistryClient,
  image: StoredImage,
  target: ImageReference,
  options: { signal?: AbortSignal; onProgress?: (e: PushProgress) => void } = {},
): Promise<string> {
  const source = parseReference(image.reference);
  const mountFrom = source.domain === target.domain && source.path !== target.path ? source.path : undefined;
  const manifestBody = await readBlob(p, image.manifestDigest);
  const manifest = JSON.parse(manifestBody.toString('utf8')) as ImageManifest;
  const blobs = [manifest.config, ...manifest.layers];
  await runBounded(
    blobs.map((d) => async () => {
      const file = blobPath(p, d.digest);
      const size = (await stat(file)).size;
      const state = await uploadBlob(client, target.path, d.digest, file, size, {
        ...(mountFrom ? { mountFrom } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.onProgress?.({ digest: d.digest, state, size });
    }),
    3,
  );
  const mediaType = manifest.mediaType ?? MEDIA.ociManifest;
  return putManifest(client, target.path, target.digest ?? target.tag ?? 'latest', manifestBody, mediaType, options.signal);
}
