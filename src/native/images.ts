/** The Runtime's image methods on top of the image store. */
import type { ImageInfo, PullOptions } from '../runtime/runtime.js';
import { RuntimeError } from '../errors.js';
import type { NativeContext } from './context.js';
import type { ImageStore } from './image/image-store.js';
import { assertImageUnused } from './image-guard.js';

function store(ctx: NativeContext): ImageStore {
  const s = ctx.images as Partial<ImageStore>;
  if (typeof s.pull !== 'function' || typeof s.remove !== 'function') throw new RuntimeError('the image source cannot pull or remove images');
  return s as ImageStore;
}

export function openImages(ctx: NativeContext) {
  return {
    async ensure(image: string, options: PullOptions): Promise<'pulled' | 'present'> {
      if (options.policy !== 'always' && (await ctx.images.resolve(image))) return 'present';
      await store(ctx).pull(image, { policy: options.policy, ...(options.signal ? { signal: options.signal } : {}) });
      return 'pulled';
    },
    async remove(image: string): Promise<void> {
      await assertImageUnused(store(ctx), ctx.paths.root, image);
      await store(ctx).remove(image);
    },
    async info(image: string): Promise<ImageInfo | undefined> {
      const i = await ctx.images.resolve(image);
      if (!i) return undefined;
      const full = i as { size?: number; created?: string };
      return { id: i.id, size: full.size ?? 0, ...(full.created ? { created: full.created } : {}) };
    },
  };
}
