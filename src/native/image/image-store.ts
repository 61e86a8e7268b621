/**
 * The native runtime's image store: the one entry point the container code uses.
 * Images are pulled from any OCI/Docker registry (or imported from files), kept
 * content-addressed under `<root>/images`, and their layers unpacked once into
 * directories that overlayfs can stack (whiteouts already in overlay form).
 *
 * Layout under the state root (default /var/lib/berth, env BERTH_ROOT):
 *   images/blobs/sha256/<hex>   manifests, configs and compressed layers, verified
 *   images/layers/sha256/<hex>  one unpacked layer per diff id (uncompressed digest)
 *   images/index.json           reference -> manifest digest
 *   images/tmp/                 work in progress, named by pid; never trusted
 */
import type { PushProgress } from '../registry/push.js';

export type PullPolicy = 'always' | 'missing' | 'never';

/** Healthcheck durations are nanoseconds, as in the image config JSON. */
export interface ImageHealthcheck {
  readonly Test: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

/** The runtime-relevant part of an image config (OCI `config` object), Docker casing. */
export interface ImageConfig {
  readonly Env: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly WorkingDir?: string;
  readonly User?: string;
  /** keys like "80/tcp" */
  readonly ExposedPorts: readonly string[];
  /** container paths */
  readonly Volumes: readonly string[];
  readonly Healthcheck?: ImageHealthcheck;
  readonly StopSignal?: string;
  readonly Labels: Readonly<Record<string, string>>;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface StoredImage {
  /** canonical reference, e.g. "docker.io/library/busybox:latest" */
  readonly reference: string;
  /** familiar form as Docker prints it, e.g. "busybox:latest" */
  readonly familiar: string;
  /** the config digest ("sha256:..."), Docker's image id */
  readonly id: string;
  /** digest of the stored (single-platform) manifest */
  readonly manifestDigest: string;
  /** digest of the manifest list / index it was chosen from, if any (the repo digest) */
  readonly repoDigest?: string;
  readonly config: ImageConfig;
  /** absolute unpacked layer directories, lowest first: ready to be overlay lowerdirs */
  readonly layerDirs: readonly string[];
  readonly platform: Platform;
  readonly created?: string;
  /** compressed size of config and layers, bytes */
  readonly size: number;
}

export type PullEvent =
  | { readonly kind: 'resolving'; readonly reference: string }
  | { readonly kind: 'layer'; readonly digest: string; readonly state: 'exists' | 'downloading' | 'done'; readonly bytes: number; readonly total: number }
  | { readonly kind: 'done'; readonly reference: string; readonly id: string };

export interface PullOptions {
  readonly policy: PullPolicy;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: PullEvent) => void;
  /** defaults to this host's platform */
  readonly platform?: Platform;
}

export interface ImportOptions {
  /** name for the imported image; required for plain rootfs tarballs */
  readonly reference?: string;
  /** for plain rootfs tarballs, like `docker import --change` (only CMD/ENTRYPOINT/ENV/WORKDIR/USER) */
  readonly changes?: readonly string[];
}

export interface RemoveResult {
  readonly untagged: readonly string[];
  readonly deleted: readonly string[];
}

export interface PruneResult {
  readonly deletedImages: readonly string[];
  readonly deletedBlobs: number;
  readonly deletedLayers: number;
  readonly reclaimedBytes: number;
}

export interface ImageStore {
  readonly root: string;
  /** the stored image a reference names (tag, digest or id prefix), if present; never touches the network */
  resolve(reference: string): Promise<StoredImage | undefined>;
  /** 'missing' pulls only when absent, 'never' fails when absent, 'always' asks the registry */
  pull(reference: string, options: PullOptions): Promise<StoredImage>;
  /** `docker save` archives, OCI layout directories/archives, plain rootfs tarballs */
  import(source: string, options?: ImportOptions): Promise<StoredImage[]>;
  list(): Promise<StoredImage[]>;
  /** untags the reference; deletes the image once no reference is left (force: all its references) */
  remove(reference: string, options?: { force?: boolean }): Promise<RemoveResult>;
  /** deletes dangling images (all unused ones with `all`), then blobs and layers nothing references */
  prune(options?: { all?: boolean; keep?: ReadonlySet<string> }): Promise<PruneResult>;
  /** pushes a stored image to the registry its reference names (or `target`) */
  push(reference: string, options?: { target?: string; signal?: AbortSignal; onProgress?: (e: PushProgress) => void }): Promise<string>;
  /** a new reference for a stored image, like `docker tag` */
  tag(source: string, target: string): Promise<void>;
}

/** BERTH_ROOT or /var/lib/berth */
export function defaultStateRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.BERTH_ROOT || '/var/lib/berth';
}

export { openImageStore } from './store/open-store.js';
