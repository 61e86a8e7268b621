/**
 * `!reset` and `!override` (Compose merge tags). `!reset` removes a value inherited
 * from earlier files; `!override` replaces it whole instead of merging. Once merging
 * is done the tags have no meaning left, so `stripTags` drops reset entries and tags.
 */
import { anyTagsSeen, copyEntryMeta, copyOwnLocation, entryMeta, isContainer, type MergeTag } from '../yaml/located.js';

export function tagAt(container: object, key: string | number): MergeTag | undefined {
  return entryMeta(container, key)?.tag;
}

function hasTags(container: object, keys: Iterable<string | number>): boolean {
  for (const k of keys) if (tagAt(container, k) !== undefined) return true;
  return false;
}

/**
 * `value` without `!reset` entries and without tags, locations kept. A container with no
 * tag anywhere below it comes back as it is (most files have none, and copying every
 * container of a large project cost more than the merge itself).
 */
export function stripTags(value: unknown): unknown {
  if (!isContainer(value) || !anyTagsSeen()) return value;
  if (Array.isArray(value)) {
    const items = value.map(stripTags);
    if (!hasTags(value, value.keys()) && items.every((item, i) => item === value[i])) return value;
    const out: unknown[] = [];
    copyOwnLocation(value, out);
    items.forEach((item, i) => {
      if (tagAt(value, i) === 'reset') return;
      copyEntryMeta(value, i, out, out.length, false);
      out.push(item);
    });
    return out;
  }
  const keys = Object.keys(value);
  const stripped = keys.map((k) => stripTags((value as Record<string, unknown>)[k]));
  if (!hasTags(value, keys) && stripped.every((v, i) => v === (value as Record<string, unknown>)[keys[i]!])) return value;
  const out: Record<string, unknown> = {};
  copyOwnLocation(value, out);
  keys.forEach((k, i) => {
    if (tagAt(value, k) === 'reset') return;
    out[k] = stripped[i];
    copyEntryMeta(value, k, out, k, false);
  });
  return out;
}
