/**
 * Service `volumes:` in both syntaxes. Short syntax `[source:]target[:options]`: a
 * source that looks like a path is a bind mount (resolved against the project
 * directory, `~` expanded), anything else names a volume.
 */
import { posix } from 'node:path';
import type { ServiceVolume, VolumeType } from '../../model/project.js';
import { fail, hostPath, isRecord, scalarString, type NormalizeContext } from './context.js';
import type { YamlPath } from '../source-map.js';
import { parseBool, parseMode, parseSize } from './units.js';
import { recordOrigin } from './origins.js';

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);
const SHORT_FORM = 'expected [source:]target[:ro|rw|z|Z|nocopy|<propagation>]';

export function looksLikePath(source: string): boolean {
  return /^(\/|\.|~)/.test(source) || /^[a-zA-Z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/** splits on ':' but keeps a Windows drive letter ("C:\\x") with its path; "a:/x" is volume a */
function splitSpec(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    if (c === ':' && !(current.length === 1 && /[a-zA-Z]/.test(current) && spec[i + 1] === '\\')) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

export function parseShortVolume(
  spec: string,
  ctx: NormalizeContext,
): ServiceVolume | { error: string } {
  const parts = splitSpec(spec);
  if (parts.length > 3 || parts.some((p) => p === '')) return { error: SHORT_FORM };
  if (parts.length === 1) {
    if (!posix.isAbsolute(parts[0]!)) return { error: `the container path "${parts[0]}" must be absolute` };
    return { type: 'volume', target: parts[0]!, read_only: false, volume: { nocopy: false } };
  }
  const [source, target, optionText] = parts as [string, string, string | undefined];
  if (!posix.isAbsolute(target) && !/^[a-zA-Z]:[\\/]/.test(target)) {
    return { error: `the container path "${target}" must be absolute` };
  }
  const options = optionText === undefined ? [] : optionText.split(',');
  let readOnly = false;
  let nocopy = false;
  let propagation: string | undefined;
  let selinux: string | undefined;
  let consistency: string | undefined;
  for (const o of options) {
    if (o === 'ro' || o === 'rw') readOnly = o === 'ro';
    else if (o === 'z' || o === 'Z') selinux = o;
    else if (o === 'nocopy') nocopy = true;
    else if (PROPAGATION.has(o)) propagation = o;
    else if (CONSISTENCY.has(o)) consistency = o;
    else return { error: `unknown option "${o}": ${SHORT_FORM}` };
  }
  const base = { target, read_only: readOnly, ...(consistency ? { consistency } : {}) };
  if (looksLikePath(source)) {
    return {
      type: 'bind',
      source: hostPath(ctx, source),
      ...base,
      bind: { create_host_path: true, ...(propagation ? { propagation } : {}), ...(selinux ? { selinux } : {}) },
    };
  }
  return { type: 'volume', source, ...base, volume: { nocopy } };
}

function longVolume(v: Record<string, unknown>, ctx: NormalizeContext, path: YamlPath): ServiceVolume | undefined {
  const type = String(v.type) as VolumeType;
  const target = v.target === undefined ? undefined : scalarString(v.target);
  if (!target && type !== 'image') {
    fail(ctx, path, `invalid ${type} mount: missing "target"`);
    return undefined;
  }
  let source = v.source === undefined || v.source === null ? undefined : scalarString(v.source);
  if (type === 'bind') {
    if (!source) {
      fail(ctx, path, 'invalid bind mount: missing "source"');
      return undefined;
    }
    source = hostPath(ctx, source);
  }
  const bind = isRecord(v.bind) ? v.bind : {};
  const volume = isRecord(v.volume) ? v.volume : {};
  const tmpfs = isRecord(v.tmpfs) ? v.tmpfs : {};
  const tmpfsSize = parseSize(tmpfs.size);
  const tmpfsMode = parseMode(tmpfs.mode);
  return {
    type,
    ...(source ? { source } : {}),
    target: target ?? '',
    read_only: parseBool(v.read_only) ?? false,
    ...(v.consistency !== undefined ? { consistency: String(v.consistency) } : {}),
    ...(type === 'bind'
      ? {
          bind: {
            create_host_path: parseBool(bind.create_host_path) ?? false,
            ...(bind.propagation !== undefined ? { propagation: String(bind.propagation) } : {}),
            ...(bind.selinux !== undefined ? { selinux: String(bind.selinux) } : {}),
          },
        }
      : {}),
    ...(type === 'volume'
      ? {
          volume: {
            nocopy: parseBool(volume.nocopy) ?? false,
            ...(volume.subpath !== undefined ? { subpath: String(volume.subpath) } : {}),
          },
        }
      : {}),
    ...(type === 'tmpfs' && (tmpfsSize !== undefined || tmpfsMode !== undefined)
      ? { tmpfs: { ...(tmpfsSize !== undefined ? { size: tmpfsSize } : {}), ...(tmpfsMode !== undefined ? { mode: tmpfsMode } : {}) } }
      : {}),
  };
}

export function normalizeServiceVolumes(value: unknown, ctx: NormalizeContext, path: YamlPath): ServiceVolume[] {
  const out: ServiceVolume[] = [];
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => {
    if (isRecord(item)) {
      const v = longVolume(item, ctx, [...path, i]);
      if (v) out.push(recordOrigin(v, [...path, i]));
      return;
    }
    const spec = scalarString(item);
    const parsed = parseShortVolume(spec, ctx);
    if ('error' in parsed) fail(ctx, [...path, i], `invalid volume "${spec}": ${parsed.error}`);
    else out.push(recordOrigin(parsed, [...path, i]));
  });
  return out;
}
