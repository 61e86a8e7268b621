/**
 * Locations and merge tags ride along with plain trees in a side table keyed by the
 * containing object, so every stage can keep working on ordinary JSON-like values
 * while a value moved by merge, extends or include still knows the file it came from.
 */
import type { SourceLocation } from '../../model/location.js';

export type MergeTag = 'reset' | 'override';

export interface EntryMeta {
  /** where the value starts */
  readonly value?: SourceLocation;
  /** where the mapping key is written (mappings only) */
  readonly key?: SourceLocation;
  readonly tag?: MergeTag;
  /**
   * for a string written on one line exactly as it reads (no escapes, no folding): how
   * many columns its first character sits after `value` (0 plain, 1 quoted), so a
   * message can point inside the string
   */
  readonly textOffset?: number;
}

export type Container = Record<string, unknown> | unknown[];

const entries = new WeakMap<object, Map<string | number, EntryMeta>>();
const own = new WeakMap<object, SourceLocation>();

export function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function entryMeta(container: object, key: string | number): EntryMeta | undefined {
  return entries.get(container)?.get(key);
}

export function setEntryMeta(container: object, key: string | number, meta: EntryMeta | undefined): void {
  if (!meta) return;
  let m = entries.get(container);
  if (!m) entries.set(container, (m = new Map()));
  m.set(key, meta);
}

/** copies the meta of `from[fromKey]` to `to[toKey]`, optionally dropping the merge tag */
export function copyEntryMeta(
  from: object,
  fromKey: string | number,
  to: object,
  toKey: string | number,
  keepTag = true,
): void {
  const meta = entryMeta(from, fromKey);
  if (!meta) return;
  setEntryMeta(to, toKey, keepTag ? meta : { value: meta.value, key: meta.key });
}

export function ownLocation(container: object): SourceLocation | undefined {
  return own.get(container);
}

export function setOwnLocation(container: object, loc: SourceLocation | undefined): void {
  if (loc) own.set(container, loc);
}

export function copyOwnLocation(from: object, to: object): void {
  setOwnLocation(to, own.get(from));
}

/** the location of the value at `key` inside `container` */
export function valueLocation(container: object, key: string | number): SourceLocation | undefined {
  const child = (container as Record<string | number, unknown>)[key];
  return entryMeta(container, key)?.value ?? (isContainer(child) ? own.get(child) : undefined);
}
