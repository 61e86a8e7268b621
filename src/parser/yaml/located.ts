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

// One hidden (non-enumerable symbol) property per container rather than a WeakMap:
// copies, JSON and Object.keys never see it, as with a side table, and setting one cost
// about half of a WeakMap entry (300,000 new objects, cold).
const META = Symbol('berth.located');

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

// a mapping with more entries than this gets a key -> entry table at its first lookup
const SCAN_LIMIT = 16;

/**
 * What one container knows of where it and its entries were written. The fast YAML path
 * records plain offsets, three numbers per entry in the order written (and the keys, for
 * a mapping): no object per entry, which was a third of that path's time on a large file.
 * Everything else (the yaml library's tree, copies, tags) goes through `set`.
 */
class Located {
  own: SourceLocation | undefined;
  index: LineIndex | undefined;
  ownAt = -1;
  /**
   * The fast-path entries, flat: per mapping entry key, valueAt, keyAt, textOffset; per
   * sequence item valueAt, textOffset (-1: none). One array per container: the tree of a
   * large file is mostly these, and it stays alive through the whole run.
   */
  flat: (string | number)[] | undefined;
  mapping = false;
  lookup: Map<string, number> | undefined;
  set: Map<string | number, EntryMeta> | undefined;

  entry(key: string | number): EntryMeta | undefined {
    const meta = this.set?.get(key);
    if (meta || !this.flat) return meta;
    const i = this.entryNumber(key);
    if (i < 0) return undefined;
    const f = this.flat;
    const at = this.mapping ? 4 * i + 1 : 2 * i;
    const text = f[this.mapping ? at + 2 : at + 1] as number;
    return new OffsetMeta(this.index!, f[at] as number, this.mapping ? (f[at + 1] as number) : -1, text < 0 ? undefined : text);
  }

  private entryNumber(key: string | number): number {
    const f = this.flat!;
    if (!this.mapping) return typeof key === 'number' && key < f.length / 2 ? key : -1;
    if (typeof key !== 'string') return -1;
    const n = f.length / 4;
    if (n <= SCAN_LIMIT) {
      for (let i = 0; i < n; i++) if (f[4 * i] === key) return i;
      return -1;
    }
    if (!this.lookup) {
      this.lookup = new Map();
      for (let i = 0; i < n; i++) this.lookup.set(f[4 * i] as string, i);
    }
    return this.lookup.get(key) ?? -1;
  }
}

// containers that cannot take a property (frozen by a caller) keep theirs here
const frozen = new WeakMap<object, Located>();

function locatedOf(container: object): Located | undefined {
  return Object.hasOwn(container, META) ? (container as { [META]: Located })[META] : frozen.get(container);
}

// one descriptor, refilled for each container: defineProperty copies it
const HIDDEN: PropertyDescriptor = { value: undefined, writable: false, configurable: true, enumerable: false };

function attach(container: object, l: Located): void {
  if (Object.isExtensible(container)) {
    HIDDEN.value = l;
    Object.defineProperty(container, META, HIDDEN);
    HIDDEN.value = undefined;
  } else frozen.set(container, l);
}

function ensureLocated(container: object): Located {
  let l = locatedOf(container);
  if (!l) attach(container, (l = new Located()));
  return l;
}

/**
 * The fast path's recorder for one new container: its own position, then each entry in
 * the order written, all as offsets into the file `index` covers. Held by the parser
 * while it fills the container, so an entry costs one push.
 */
export class OffsetRecorder {
  private readonly flat: (string | number)[] = [];

  constructor(container: object, index: LineIndex, ownAt: number) {
    // the container is new: nothing to look up or merge with
    const l = new Located();
    l.index = index;
    l.ownAt = ownAt;
    l.flat = this.flat;
    l.mapping = !Array.isArray(container);
    attach(container, l);
  }

  /** a mapping entry; the fast path never repeats a key (it bails) */
  key(key: string, valueAt: number, keyAt: number, textOffset: number | undefined): void {
    this.flat.push(key, valueAt, keyAt, textOffset ?? -1);
  }

  /** the next sequence item */
  item(valueAt: number, textOffset: number | undefined): void {
    this.flat.push(valueAt, textOffset ?? -1);
  }
}


export function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function entryMeta(container: object, key: string | number): EntryMeta | undefined {
  return locatedOf(container)?.entry(key);
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
  const l = ensureLocated(container);
  (l.set ??= new Map()).set(key, meta);
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
  const l = locatedOf(container);
  if (!l) return undefined;
  if (!l.own && l.ownAt >= 0) l.own = l.index!.at(l.ownAt);
  return l.own;
}

export function setOwnLocation(container: object, loc: SourceLocation | undefined): void {
  if (!loc) return;
  const l = ensureLocated(container);
  l.own = loc;
  l.ownAt = -1;
}

export function copyOwnLocation(from: object, to: object): void {
  setOwnLocation(to, ownLocation(from));
}

/** the location of the value at `key` inside `container` */
export function valueLocation(container: object, key: string | number): SourceLocation | undefined {
  const child = (container as Record<string | number, unknown>)[key];
  return entryMeta(container, key)?.value ?? (isContainer(child) ? ownLocation(child) : undefined);
}
