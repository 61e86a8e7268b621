/**
 * The container's process from the image config and the service, merged as Docker does:
 * an entrypoint given by the service drops the image's Cmd; a command given by the service
 * replaces the image's Cmd; environment is the image's, then the service's, then overrides.
 */
import type { ImageConfig } from '../image/image-store.js';
import type { ContainerSpec } from '../../runtime/runtime.js';
import { RuntimeError } from '../../errors.js';

export interface ProcessSpec {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  /** as written (name or uid, optionally :group), resolved later against the image */
  readonly user: string;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function processSpec(
  spec: Pick<ContainerSpec, 'service' | 'command' | 'entrypoint' | 'extraEnv'>,
  image: Pick<ImageConfig, 'Env' | 'Entrypoint' | 'Cmd' | 'WorkingDir' | 'User'>,
  callerEnv: Readonly<Record<string, string | undefined>>,
  hostname: string,
): ProcessSpec {
  const { service } = spec;
  const entrypoint = spec.entrypoint ?? service.entrypoint;
  const command = spec.command ?? service.command;
  const args = [...(entrypoint ?? image.Entrypoint ?? []), ...(command ?? (entrypoint ? [] : image.Cmd ?? []))];
  if (args.length === 0) throw new RuntimeError(`service ${service.name}: no command specified (the image has none)`);
  return {
    args,
    env: mergeEnv(image.Env, service.environment, spec.extraEnv ?? {}, callerEnv, hostname),
    cwd: service.working_dir ?? (image.WorkingDir || '/'),
    user: service.user ?? image.User ?? '',
  };
}

export function mergeEnv(
  imageEnv: readonly string[],
  serviceEnv: Readonly<Record<string, string | null>>,
  extra: Readonly<Record<string, string>>,
  callerEnv: Readonly<Record<string, string | undefined>>,
  hostname: string,
): string[] {
  const env = new Map<string, string>();
  for (const kv of imageEnv) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  for (const [k, v] of Object.entries(serviceEnv)) {
    // null: pass the caller's value through when it has one, else leave the variable unset
    const value = v ?? callerEnv[k];
    if (value !== undefined) env.set(k, value);
  }
  for (const [k, v] of Object.entries(extra)) env.set(k, v);
  if (!env.has('PATH')) env.set('PATH', DEFAULT_PATH.slice(5));
  if (!env.has('HOSTNAME')) env.set('HOSTNAME', hostname);
  return [...env].map(([k, v]) => `${k}=${v}`);
}
