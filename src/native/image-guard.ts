/**
 * Images that containers stand on. A container's root is an overlay over its image's layer
 * directories, so removing or pruning an image a container still uses would pull the floor
 * from under it: both go through this guard.
 */
import { ConflictError } from '../errors.js';
import { listRecords } from './container/observe.js';
import { nativePaths } from './paths.js';
import type { ImageStore } from './image/image-store.js';

/** image id -> names of the containers (running or not) created from it */
export function imagesInUse(root: string): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const { record } of listRecords(nativePaths(root).containers)) {
    used.set(record.imageId, [...(used.get(record.imageId) ?? []), record.name]);
  }
  return used;
}

export async function assertImageUnused(store: ImageStore, root: string, reference: string): Promise<void> {
  const image = await store.resolve(reference);
  if (!image) return;
  const users = imagesInUse(root).get(image.id);
  if (users?.length) {
    throw new ConflictError(`cannot remove image ${reference}: it is used by container${users.length > 1 ? 's' : ''} ${users.sort().join(', ')}; remove ${users.length > 1 ? 'them' : 'it'} first`);
  }
}
