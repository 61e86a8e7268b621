/**
 * `!reset` and `!override` (Compose merge tags). `!reset` removes a value inherited
 * from earlier files; `!override` replaces it whole instead of merging. Once merging
 * is done the tags have no meaning left, so `stripTags` drops reset entries and tags.
 */
import { copyEntryMeta, copyOwnLocation, entryMeta, isContainer, type MergeTag } from '../yaml/located.js';

export function tagAt(container: object, key: string | number): MergeTag | undefined {
  return entryMeta(container, key)?.tag;
}

/** a copy of `value` without `!reset` entries and without tags, locations kept */
export function stripTags(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copyOwnLocation(value, out);
    value.forEach((item, i) => {
      if (tagAt(value, i) === 'reset') return;
      copyEntryMeta(value, i, out, out.length, false);
      out.push(stripTags(item));
    });
    return out;
  }
  const out: Record<string, unknown> = {};
  copyOwnLocation(value, out);
  for (const [k, v] of Object.entries(value)) {
    if (tagAt(value, k) === 'reset') continue;
    out[k] = stripTags(v);
    copyEntryMeta(value, k, out, k, false);
  }
  return out;
}
