/** What every container operation of the native runtime needs, built once by createNativeRuntime. */
import type { CgroupManager } from './cgroups/manager.js';
import type { ImageConfig } from './image/image-store.js';
import type { NetworkHook } from './container/network-hook.js';
import type { NativePaths } from './paths.js';

/** the part of the image store the container code uses */
export interface ImageSource {
  resolve(reference: string): Promise<{ readonly id: string; readonly config: ImageConfig; readonly layerDirs: readonly string[] } | undefined>;
}

export interface NativeContext {
  readonly paths: NativePaths;
  readonly shimPath: string;
  readonly cgroups: CgroupManager;
  /** containers' cgroups are `<cgroupParent>/<id>`; env BERTH_CGROUP_PARENT, default `berth` */
  readonly cgroupParent?: string;
  readonly images: ImageSource;
  readonly network?: NetworkHook;
  /** the caller's environment, for `environment` entries without a value */
  readonly env: Readonly<Record<string, string | undefined>>;
}
