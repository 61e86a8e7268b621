/**
 * Interpolation over one file's tree: every string value (never a mapping key) goes
 * through the template grammar, then typed paths are cast. Runs per file, before
 * merging, because the Compose rules say a file's variables are resolved in that file.
 */
import { ComposeFileError } from '../../errors.js';
import { formatPath } from '../source-map.js';
import type { SourceLocation } from '../../model/location.js';
import { copyEntryMeta, copyOwnLocation, entryMeta, isContainer, valueLocation } from '../yaml/located.js';
import { castAt } from './cast.js';
import { substitute, TemplateError, type Lookup } from './template.js';

export interface Interpolated {
  readonly value: unknown;
  readonly errors: ComposeFileError[];
  /** unset variables read, in order of first use */
  readonly unset: readonly string[];
}

/** the value's location, moved to the failing `$` when the string is written as it reads */
function pointInside(parent: object, key: string | number, index: number | undefined): SourceLocation | undefined {
  const loc = valueLocation(parent, key);
  const offset = entryMeta(parent, key)?.textOffset;
  if (!loc || offset === undefined || index === undefined) return loc;
  return { ...loc, column: loc.column + offset + index };
}

export function interpolateTree(tree: unknown, lookup: Lookup, fileFallback?: string): Interpolated {
  const errors: ComposeFileError[] = [];
  const unset = new Set<string>();
  // one path, pushed and popped on the way down; copied only into an error
  const path: (string | number)[] = [];
  const visitString = (node: string, parent: object | undefined, key: string | number | undefined): unknown => {
    // most strings have no `$`: spare them the substitution's result objects
    if (!node.includes('$')) return castAt(path, node);
    try {
      const r = substitute(node, lookup);
      r.unset.forEach((n) => unset.add(n));
      return castAt(path, r.value);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const location = parent !== undefined && key !== undefined ? pointInside(parent, key, e.index) : undefined;
      errors.push(new ComposeFileError(e.message, { location: location ?? (fileFallback ? { file: fileFallback, line: 1, column: 1 } : undefined), path: formatPath([...path]) }));
      return node;
    }
  };
  // A container none of whose strings changed comes back as it is: most of a file has no `$`.
  const visit = (node: unknown, parent: object | undefined, key: string | number | undefined): unknown => {
    if (typeof node === 'string') return visitString(node, parent, key);
    if (!isContainer(node)) return node;
    if (Array.isArray(node)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const v = visit(node[i], node, i);
        path.pop();
        if (v === node[i] && !out) continue;
        if (!out) {
          out = node.slice(0, i);
          copyOwnLocation(node, out);
          for (let j = 0; j < node.length; j++) copyEntryMeta(node, j, out, j);
        }
        out[i] = v;
      }
      return out ?? node;
    }
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(node);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const before = (node as Record<string, unknown>)[k];
      path.push(k);
      const v = visit(before, node, k);
      path.pop();
      if (v === before && !out) continue;
      if (!out) {
        out = {};
        copyOwnLocation(node, out);
        for (const done of keys) {
          out[done] = (node as Record<string, unknown>)[done];
          copyEntryMeta(node, done, out, done);
        }
      }
      out[k] = v;
    }
    return out ?? node;
  };
  const value = visit(tree, undefined, undefined);
  return { value, errors, unset: [...unset] };
}
