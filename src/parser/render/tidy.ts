/**
 * What `compose config` leaves out and how it orders keys: empty lists and mappings and
 * quiet falses are dropped, mapping keys sorted. Applied either to a copy (tidy(), for
 * JSON) or while the YAML is written (TidyLater, emit-yaml.ts): the copy of every
 * service's mappings cost a large project more than writing them did.
 */

type Doc = Record<string, unknown>;

/** booleans whose false is the default and not worth a line */
const QUIET_FALSE: ReadonlySet<string> = new Set([
  'privileged', 'read_only', 'stdin_open', 'tty', 'internal', 'external', 'disable', 'create_host_path', 'nocopy', 'restart',
]);

/** is the entry `k: v` of a mapping left out? `keepEmpty` keeps `[]` where it means something */
export function skipped(k: string, v: unknown, keepEmpty?: ReadonlySet<string>): boolean {
  if (v === undefined) return true;
  if (v === false) return QUIET_FALSE.has(k);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length === 0 && !keepEmpty?.has(k);
  return tidiesEmpty(v as Doc);
}

/** does a mapping lose every entry? */
export function tidiesEmpty(m: Doc, keepEmpty?: ReadonlySet<string>): boolean {
  for (const k in m) if (Object.hasOwn(m, k) && !skipped(k, m[k], keepEmpty)) return false;
  return true;
}

/**
 * The sorted keys of a mapping that are written. Kept in place and sorted only when out
 * of order: run for every mapping of a large project in cold code, filter and sort
 * allocated more than the YAML written from them.
 */
export function keptKeys(m: Doc, keepEmpty?: ReadonlySet<string>): string[] {
  const keys = Object.keys(m);
  let n = 0;
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (skipped(k, m[k], keepEmpty)) continue;
    if (n > 0 && keys[n - 1]! > k) sorted = false;
    keys[n++] = k;
  }
  keys.length = n;
  if (!sorted) keys.sort();
  return keys;
}

/** a tidied copy: lists of scalars (most of them) are shared as they are, the model being read-only */
export function tidy(value: unknown, keepEmpty?: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object') ? value.map((v) => tidy(v)) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Doc = {};
  for (const k of keptKeys(value as Doc, keepEmpty)) out[k] = tidy((value as Doc)[k]);
  return out;
}

/** a mapping the YAML writer tidies as it writes it */
export class TidyLater {
  constructor(
    readonly value: Doc,
    readonly keepEmpty?: ReadonlySet<string>,
  ) {}
}
