/**
 * Top-level networks, volumes, secrets and configs. Engine-level names are
 * `<project>_<key>` unless the file gives `name:` or marks the resource external
 * (then the key, or external.name, is the name as it exists already).
 */
import type { Network, SecretOrConfig, Volume } from '../../model/project.js';
import { hostPath, isRecord, stringMap, type NormalizeContext } from './context.js';
import { parseBool } from './units.js';

function externalOf(v: Record<string, unknown>): { external: boolean; name?: string } {
  if (isRecord(v.external)) return { external: true, ...(typeof v.external.name === 'string' ? { name: v.external.name } : {}) };
  return { external: parseBool(v.external) ?? false };
}

function resourceName(key: string, v: Record<string, unknown>, ctx: NormalizeContext): { name: string; external: boolean } {
  const ext = externalOf(v);
  if (typeof v.name === 'string') return { name: v.name, external: ext.external };
  if (ext.external) return { name: ext.name ?? key, external: true };
  return { name: `${ctx.project}_${key}`, external: false };
}

export function normalizeNetwork(key: string, value: unknown, ctx: NormalizeContext): Network {
  const v = isRecord(value) ? value : {};
  const { name: _n, external: _e, driver, driver_opts, internal, attachable, enable_ipv6, ipam, labels, ...rest } = v;
  const out: Record<string, unknown> = {
    ...rest,
    ...resourceName(key, v, ctx),
    driver_opts: stringMap(driver_opts),
    internal: parseBool(internal) ?? false,
    labels: stringMap(labels),
  };
  if (driver !== undefined) out.driver = String(driver);
  if (attachable !== undefined) out.attachable = parseBool(attachable);
  if (enable_ipv6 !== undefined) out.enable_ipv6 = parseBool(enable_ipv6);
  if (isRecord(ipam)) {
    out.ipam = {
      ...ipam,
      config: Array.isArray(ipam.config) ? ipam.config : [],
    };
  }
  return out as unknown as Network;
}

export function normalizeVolume(key: string, value: unknown, ctx: NormalizeContext): Volume {
  const v = isRecord(value) ? value : {};
  const { name: _n, external: _e, driver, driver_opts, labels, ...rest } = v;
  return {
    ...rest,
    ...resourceName(key, v, ctx),
    ...(driver !== undefined ? { driver: String(driver) } : {}),
    driver_opts: stringMap(driver_opts),
    labels: stringMap(labels),
  } as Volume;
}

export function normalizeSecretOrConfig(key: string, value: unknown, ctx: NormalizeContext): SecretOrConfig {
  const v = isRecord(value) ? value : {};
  const { name: _n, external: _e, file, environment, content, ...rest } = v;
  return {
    ...rest,
    ...resourceName(key, v, ctx),
    ...(typeof file === 'string' ? { file: hostPath(ctx, file) } : {}),
    ...(typeof environment === 'string' ? { environment } : {}),
    ...(typeof content === 'string' ? { content } : {}),
  } as SecretOrConfig;
}
