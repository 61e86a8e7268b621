/**
 * Relative paths in a service brought in from another directory (by `extends: file:`
 * or `include`) are relative to that directory, while normalization resolves relative
 * paths against the project directory. Making them absolute here keeps their meaning.
 */
import { isAbsolute, resolve } from 'node:path';
import { copyEntryMeta, copyOwnLocation, isMapping } from './yaml/located.js';

type Mapping = Record<string, unknown>;

/** build contexts are paths unless they are URLs (git, http) or named contexts */
const isLocalContext = (p: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !p.startsWith('git@') && !isAbsolute(p);

function copy<T extends object>(from: T, to: T): T {
  copyOwnLocation(from, to);
  if (Array.isArray(from)) from.forEach((_, i) => copyEntryMeta(from, i, to, i));
  else for (const k of Object.keys(from)) copyEntryMeta(from, k, to, k);
  return to;
}

function rebaseVolume(v: unknown, dir: string): unknown {
  if (typeof v === 'string') {
    const [src, ...rest] = v.split(':');
    if (src !== undefined && rest.length > 0 && src.startsWith('.')) return [resolve(dir, src), ...rest].join(':');
    return v;
  }
  if (isMapping(v) && v.type === 'bind' && typeof v.source === 'string' && !isAbsolute(v.source)) {
    return copy(v, { ...v, source: resolve(dir, v.source) });
  }
  return v;
}

function rebaseEnvFile(v: unknown, dir: string): unknown {
  if (typeof v === 'string') return isAbsolute(v) ? v : resolve(dir, v);
  if (isMapping(v) && typeof v.path === 'string') return copy(v, { ...v, path: resolveIfRelative(v.path, dir) });
  return v;
}

const resolveIfRelative = (p: string, dir: string) => (isAbsolute(p) ? p : resolve(dir, p));

export function rebaseService(svc: Mapping, dir: string): Mapping {
  const out = copy(svc, { ...svc });
  if (typeof svc.build === 'string' && isLocalContext(svc.build)) out.build = resolve(dir, svc.build);
  if (isMapping(svc.build)) {
    const b = copy(svc.build, { ...svc.build });
    if (typeof b.context === 'string' && isLocalContext(b.context)) b.context = resolve(dir, b.context);
    else if (b.context === undefined) b.context = dir;
    out.build = b;
  }
  if (svc.env_file !== undefined) {
    out.env_file = Array.isArray(svc.env_file)
      ? copy(svc.env_file, svc.env_file.map((e) => rebaseEnvFile(e, dir)))
      : rebaseEnvFile(svc.env_file, dir);
  }
  if (Array.isArray(svc.volumes)) out.volumes = copy(svc.volumes, svc.volumes.map((v) => rebaseVolume(v, dir)));
  if (isMapping(svc.extends) && typeof svc.extends.file === 'string') {
    out.extends = copy(svc.extends, { ...svc.extends, file: resolveIfRelative(svc.extends.file, dir) });
  }
  return out;
}

/** every service and file-backed secret/config of `tree`, with paths made absolute against `dir` */
export function rebaseTree(tree: Mapping, dir: string): Mapping {
  const out = copy(tree, { ...tree });
  if (isMapping(tree.services)) {
    const services = copy(tree.services, { ...tree.services });
    for (const [k, v] of Object.entries(services)) if (isMapping(v)) services[k] = rebaseService(v, dir);
    out.services = services;
  }
  for (const section of ['secrets', 'configs'] as const) {
    const sec = tree[section];
    if (!isMapping(sec)) continue;
    const s = copy(sec, { ...sec });
    for (const [k, v] of Object.entries(s)) {
      if (isMapping(v) && typeof v.file === 'string') s[k] = copy(v, { ...v, file: resolveIfRelative(v.file, dir) });
    }
    out[section] = s;
  }
  return out;
}
