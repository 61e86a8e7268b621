/**
 * Locations and merge tags ride along with plain trees, held by the containing object
 * where no copy, JSON or key listing sees them, so every stage can keep working on
 * ordinary JSON-like values while a value moved by merge, extends or include still knows
 * the file it came from.
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

// Hidden (non-enumerable symbol) properties rather than WeakMaps: copies, JSON and
// Object.keys never see them, as with a side table, and setting one cost about half of
// a WeakMap entry (300,000 new objects, cold).
const ENTRIES = Symbol('berth.entryMeta');
const OWN = Symbol('berth.ownLocation');

interface Hidden {
  [ENTRIES]?: Map<string | number, EntryMeta>;
  [OWN]?: SourceLocation;
}

// containers that cannot take a property (frozen by a caller) keep theirs here
const frozenEntries = new WeakMap<object, Map<string | number, EntryMeta>>();
const frozenOwn = new WeakMap<object, SourceLocation>();

function hide<K extends typeof ENTRIES | typeof OWN>(container: object, key: K, value: NonNullable<Hidden[K]>): boolean {
  if (!Object.isExtensible(container)) return false;
  Object.defineProperty(container, key, { value, writable: true, configurable: true, enumerable: false });
  return true;
}

function entriesOf(container: object): Map<string | number, EntryMeta> | undefined {
  return Object.hasOwn(container, ENTRIES) ? (container as Hidden)[ENTRIES] : frozenEntries.get(container);
}

/** offsets into one file's text, made into lines and columns when asked for */
export class LineIndex {
  constructor(
    readonly file: string,
    /** the offset where each line starts */
    private readonly starts: readonly number[],
  ) {}

  at(offset: number): SourceLocation {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/**
 * An entry's positions as offsets: a large file has tens of thousands of entries, and
 * only the few an error or a model location needs are ever made into SourceLocations.
 */
class OffsetMeta implements EntryMeta {
  constructor(
    private readonly index: LineIndex,
    private readonly valueAt: number,
    /** -1: no key (a sequence item) */
    private readonly keyAt: number,
    readonly textOffset: number | undefined,
  ) {}

  get value(): SourceLocation {
    return this.index.at(this.valueAt);
  }

  get key(): SourceLocation | undefined {
    return this.keyAt < 0 ? undefined : this.index.at(this.keyAt);
  }

  get tag(): undefined {
    return undefined;
  }
}

/** an untagged entry's value (and key) position, as offsets into the file `index` covers */
export function setEntryOffsets(container: object, key: string | number, index: LineIndex, valueAt: number, keyAt: number, textOffset: number | undefined): void {
  setEntryMeta(container, key, new OffsetMeta(index, valueAt, keyAt, textOffset));
}

export function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function entryMeta(container: object, key: string | number): EntryMeta | undefined {
  return entriesOf(container)?.get(key);
}

// Whether any merge tag was ever recorded in this process. Tags are rare (the fast YAML
// path never produces one), and this lets the merge skip looking for them in every entry.
let tagsSeen = false;

export function anyTagsSeen(): boolean {
  return tagsSeen;
}

export function setEntryMeta(container: object, key: string | number, meta: EntryMeta | undefined): void {
  if (!meta) return;
  if (meta.tag !== undefined) tagsSeen = true;
  let m = entriesOf(container);
  if (!m) {
    m = new Map();
    if (!hide(container, ENTRIES, m)) frozenEntries.set(container, m);
  }
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
  return Object.hasOwn(container, OWN) ? (container as Hidden)[OWN] : frozenOwn.get(container);
}

export function setOwnLocation(container: object, loc: SourceLocation | undefined): void {
  if (!loc) return;
  if (Object.hasOwn(container, OWN)) (container as Hidden)[OWN] = loc;
  else if (!hide(container, OWN, loc)) frozenOwn.set(container, loc);
}

export function copyOwnLocation(from: object, to: object): void {
  setOwnLocation(to, ownLocation(from));
}

/** the location of the value at `key` inside `container` */
export function valueLocation(container: object, key: string | number): SourceLocation | undefined {
  const child = (container as Record<string | number, unknown>)[key];
  return entryMeta(container, key)?.value ?? (isContainer(child) ? ownLocation(child) : undefined);
}
