/**
 * What `compose config` leaves out and how it orders keys: empty lists and mappings and
 * quiet falses are dropped, mapping keys sorted. Applied either to a copy (tidy(), for
 * JSON) or while the YAML is written (TidyView, emit-yaml.ts): the copy of every
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

// Mappings of a large project come in few key lists (every port, every volume, every
// healthcheck): their sorted orders are remembered, by the list joined. Sorting each
// one again, in cold code, cost more than writing it.
const sortedOrders = new Map<string, { readonly keys: readonly string[]; readonly sorted: readonly string[] }>();

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `keys` sorted (a new array, or a remembered one: never modify it) */
export function sortedKeys(keys: readonly string[]): readonly string[] {
  if (keys.length < 2) return keys;
  const sig = keys.join('\0');
  const known = sortedOrders.get(sig);
  // the join is only a hint (a key may hold the separator): the list must match exactly
  if (known && sameList(known.keys, keys)) return known.sorted;
  const sorted = [...keys].sort();
  sortedOrders.set(sig, { keys: [...keys], sorted });
  return sorted;
}

/** the sorted keys of a mapping that are written */
export function keptKeys(m: Doc, keepEmpty?: ReadonlySet<string>): string[] {
  const order = sortedKeys(Object.keys(m));
  const kept: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    if (!skipped(k, m[k], keepEmpty)) kept.push(k);
  }
  return kept;
}

/**
 * A mapping as printed, read in place: its kept keys, sorted, and each key's value (which
 * is tidied in turn wherever it is written). The YAML writer reads views as it writes;
 * tidy() turns one into a plain copy for JSON, so both outputs come from one reading.
 */
export abstract class TidyView {
  private kept: readonly string[] | undefined;

  protected abstract listKeys(): readonly string[];
  abstract get(key: string): unknown;

  keys(): readonly string[] {
    return (this.kept ??= this.listKeys());
  }
}

/** a plain mapping, tidied as it is written */
export class TidyLater extends TidyView {
  constructor(readonly value: Doc) {
    super();
  }

  protected listKeys(): readonly string[] {
    return keptKeys(this.value);
  }

  get(key: string): unknown {
    return this.value[key];
  }
}

/** a tidied copy: lists of scalars (most of them) are shared as they are, the model being read-only */
export function tidy(value: unknown, keepEmpty?: ReadonlySet<string>): unknown {
  if (value instanceof TidyView) {
    const out: Doc = {};
    for (const k of value.keys()) out[k] = tidy(value.get(k));
    return out;
  }
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object') ? value.map((v) => tidy(v)) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Doc = {};
  for (const k of keptKeys(value as Doc, keepEmpty)) out[k] = tidy((value as Doc)[k]);
  return out;
}
