/**
 * The OCI image config file, and the runtime part of it the container code needs.
 */
import type { ImageConfig, ImageHealthcheck } from './image-store.js';

export interface ImageConfigFile {
  readonly architecture?: string;
  readonly os?: string;
  readonly variant?: string;
  readonly created?: string;
  readonly config?: {
    readonly Env?: readonly string[] | null;
    readonly Entrypoint?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
    readonly WorkingDir?: string;
    readonly User?: string;
    readonly ExposedPorts?: Readonly<Record<string, object>> | null;
    readonly Volumes?: Readonly<Record<string, object>> | null;
    readonly Healthcheck?: ImageHealthcheck | null;
    readonly StopSignal?: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
  };
  readonly rootfs: { readonly type: string; readonly diff_ids: readonly string[] };
  readonly history?: readonly Record<string, unknown>[];
}

export function runtimeConfig(file: ImageConfigFile): ImageConfig {
  const c = file.config ?? {};
  return {
    Env: c.Env ?? [],
    ...(c.Entrypoint ? { Entrypoint: c.Entrypoint } : {}),
    ...(c.Cmd ? { Cmd: c.Cmd } : {}),
    ...(c.WorkingDir ? { WorkingDir: c.WorkingDir } : {}),
    ...(c.User ? { User: c.User } : {}),
    ExposedPorts: Object.keys(c.ExposedPorts ?? {}),
    Volumes: Object.keys(c.Volumes ?? {}),
    ...(c.Healthcheck ? { Healthcheck: c.Healthcheck } : {}),
    ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}),
    Labels: c.Labels ?? {},
  };
}
