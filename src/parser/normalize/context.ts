/**
 * What every attribute normalizer may use: the project's directory and environment
 * (for relative paths, `~`, env files) and a sink for errors, each located in its file.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ComposeFileError } from '../../errors.js';
import { formatPath, type SourceMap, type YamlPath } from '../source-map.js';

export interface NormalizeContext {
  readonly project: string;
  readonly workingDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly map: SourceMap;
  readonly errors: ComposeFileError[];
}

export function fail(ctx: NormalizeContext, path: YamlPath, detail: string): void {
  ctx.errors.push(new ComposeFileError(detail, { location: ctx.map.locate(path), path: formatPath(path) }));
}

export function expandHome(ctx: NormalizeContext, p: string): string {
  if (p === '~' || p.startsWith('~/')) return (ctx.env.HOME ?? homedir()) + p.slice(1);
  return p;
}

/** a host path from the file: `~` expanded, relative paths against the project directory */
export function hostPath(ctx: NormalizeContext, p: string): string {
  const expanded = expandHome(ctx, p);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(ctx.workingDir, expanded);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** scalars as the strings Compose passes on (YAML `true` in a map of strings is "true") */
export function scalarString(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** `["a=b", "c"]` or `{a: b, c: null}` -> {a: "b", c: null}; `missing` is what a bare key maps to */
export function listOrMap(v: unknown, missing: string | null, sep = '='): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (let n = 0; n < v.length; n++) {
      const s = scalarString(v[n]);
      const i = s.indexOf(sep);
      if (i < 0) out[s] = missing;
      else out[s.slice(0, i)] = s.slice(i + 1);
    }
  } else if (isRecord(v)) {
    for (const k in v) out[k] = v[k] === null ? missing : scalarString(v[k]);
  }
  return out;
}

/** like listOrMap, but a bare key means the empty string (labels, sysctls, options) */
export function stringMap(v: unknown): Record<string, string> {
  return listOrMap(v, '') as Record<string, string>;
}

export function stringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(scalarString);
}
