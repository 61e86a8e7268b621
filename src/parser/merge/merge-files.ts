/**
 * Merges the trees of several compose files, in order, by the rules in rules.ts.
 * Locations travel with the values, so a merged value still names the file it came from.
 */
import type { YamlPath } from '../source-map.js';
import { copyEntryMeta, copyOwnLocation, entryMeta, isContainer, isMapping, ownLocation, setEntryMeta } from '../yaml/located.js';
import { ruleFor, type MergeRule } from './rules.js';
import { stripTags, tagAt } from './tags.js';

type Mapping = Record<string, unknown>;

function appendAll(base: unknown[], over: unknown[], unique: boolean): unknown[] {
  const out = [...base];
  copyOwnLocation(base, out);
  base.forEach((_, i) => copyEntryMeta(base, i, out, i));
  const seen = new Set(base.map((v) => JSON.stringify(v)));
  over.forEach((item, i) => {
    if (tagAt(over, i) === 'reset') return;
    if (unique && seen.has(JSON.stringify(item))) return;
    seen.add(JSON.stringify(item));
    copyEntryMeta(over, i, out, out.length, false);
    out.push(stripTags(item));
  });
  return out;
}

/** `["A=1", "B"]` -> `{A: "1", B: null}`, keeping each item's location on its key */
function listToMapping(list: unknown[], separator: string, listValue: () => unknown): Mapping {
  const out: Mapping = {};
  copyOwnLocation(list, out);
  list.forEach((item, i) => {
    const s = String(item);
    const at = separator ? s.indexOf(separator) : -1;
    const key = at >= 0 ? s.slice(0, at) : s;
    out[key] = at >= 0 ? s.slice(at + separator.length) : listValue();
    const meta = entryMeta(list, i);
    setEntryMeta(out, key, meta && { value: meta.value, key: meta.value });
  });
  return out;
}

function uniqueBy(base: unknown[], over: unknown[], key: (v: unknown) => string | undefined, path: YamlPath): unknown[] {
  const out = appendAll(base, [], false);
  over.forEach((item, i) => {
    const k = key(item);
    const at = k === undefined ? -1 : out.findIndex((b) => key(b) === k);
    if (at < 0) {
      copyEntryMeta(over, i, out, out.length, false);
      out.push(stripTags(item));
      return;
    }
    const prev = out[at];
    out[at] = isMapping(prev) && isMapping(item) ? mergeMappings(prev, item, [...path, at]) : stripTags(item);
    copyEntryMeta(over, i, out, at, false);
  });
  return out;
}

function applyRule(rule: MergeRule | undefined, base: unknown, over: unknown, path: YamlPath): unknown {
  switch (rule?.kind) {
    case 'replace':
      return stripTags(over);
    case 'keyed-mapping':
    case 'name-mapping': {
      const listValue = rule.kind === 'name-mapping' ? rule.listValue : () => null;
      const sep = rule.kind === 'keyed-mapping' ? rule.separator : '';
      const asMap = (v: unknown) => (Array.isArray(v) ? listToMapping(v, sep, listValue) : v);
      return applyRule(undefined, asMap(base), asMap(over), path);
    }
    case 'append-unique':
      return Array.isArray(base) && Array.isArray(over) ? appendAll(base, over, true) : applyRule(undefined, base, over, path);
    case 'unique-by':
      return Array.isArray(base) && Array.isArray(over) ? uniqueBy(base, over, rule.key, path) : stripTags(over);
    case 'build': {
      const asMap = (v: unknown) => (typeof v === 'string' ? { context: v } : v);
      return applyRule(undefined, asMap(base), asMap(over), path);
    }
    case 'env-file': {
      const asList = (v: unknown) => (typeof v === 'string' ? [v] : v);
      return applyRule({ kind: 'append-unique' }, asList(base), asList(over), path);
    }
    case 'logging':
      if (isMapping(base) && isMapping(over) && base.driver !== undefined && over.driver !== undefined && base.driver !== over.driver) {
        return stripTags(over);
      }
      return applyRule(undefined, base, over, path);
    case undefined:
      if (isMapping(base) && isMapping(over)) return mergeMappings(base, over, path);
      if (Array.isArray(base) && Array.isArray(over)) return appendAll(base, over, false);
      return stripTags(over);
  }
}

function mergeMappings(base: Mapping, over: Mapping, path: YamlPath): Mapping {
  const out: Mapping = {};
  copyOwnLocation(base, out);
  for (const [k, v] of Object.entries(base)) {
    out[k] = v;
    copyEntryMeta(base, k, out, k);
  }
  for (const [k, v] of Object.entries(over)) {
    const tag = tagAt(over, k);
    if (tag === 'reset') {
      delete out[k];
      continue;
    }
    if (tag === 'override' || !Object.hasOwn(out, k)) {
      out[k] = stripTags(v);
      copyEntryMeta(over, k, out, k, false);
      continue;
    }
    const merged = applyRule(ruleFor([...path, k]), out[k], v, [...path, k]);
    out[k] = merged;
    // A merged container keeps its base location; a replaced value takes the new one.
    const replaced = !isContainer(merged) || (isContainer(v) && ownLocation(merged) === ownLocation(v));
    if (replaced) copyEntryMeta(over, k, out, k, false);
  }
  return out;
}

/** Merges file trees in order; the first tree is only cleaned of its tags. */
export function mergeFiles(trees: readonly unknown[]): Mapping {
  let merged: Mapping = {};
  for (const tree of trees) {
    if (!isMapping(tree)) continue;
    merged = mergeMappings(merged, tree, []);
  }
  return merged;
}
