/**
 * Interpolation over one file's tree: every string value (never a mapping key) goes
 * through the template grammar, then typed paths are cast. Runs per file, before
 * merging, because the Compose rules say a file's variables are resolved in that file.
 */
import { ComposeFileError } from '../../errors.js';
import { formatPath, type YamlPath } from '../source-map.js';
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
  const visit = (node: unknown, path: YamlPath, parent: object | undefined, key: string | number | undefined): unknown => {
    if (typeof node === 'string') {
      try {
        const r = substitute(node, lookup);
        r.unset.forEach((n) => unset.add(n));
        return castAt(path, r.value);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        const location = parent !== undefined && key !== undefined ? pointInside(parent, key, e.index) : undefined;
        errors.push(new ComposeFileError(e.message, { location: location ?? (fileFallback ? { file: fileFallback, line: 1, column: 1 } : undefined), path: formatPath(path) }));
        return node;
      }
    }
    if (!isContainer(node)) return node;
    if (Array.isArray(node)) {
      const out = node.map((item, i) => visit(item, [...path, i], node, i));
      copyOwnLocation(node, out);
      node.forEach((_, i) => copyEntryMeta(node, i, out, i));
      return out;
    }
    const out: Record<string, unknown> = {};
    copyOwnLocation(node, out);
    for (const [k, v] of Object.entries(node)) {
      out[k] = visit(v, [...path, k], node, k);
      copyEntryMeta(node, k, out, k);
    }
    return out;
  };
  const value = visit(tree, [], undefined, undefined);
  return { value, errors, unset: [...unset] };
}
