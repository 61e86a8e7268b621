/**
 * A SourceMap over a located tree (see located.ts). Because locations travel with the
 * values, the same builder serves a single file and a tree merged from several files.
 */
import type { SourceLocation } from '../../model/location.js';
import type { SourceMap, YamlPath } from '../source-map.js';
import { entryMeta, isContainer, ownLocation, valueLocation } from './located.js';

export function treeSourceMap(root: unknown, fallback?: SourceLocation): SourceMap {
  const walk = (path: YamlPath): { loc: SourceLocation | undefined; parent?: object; key?: string | number } => {
    let loc = (isContainer(root) ? ownLocation(root) : undefined) ?? fallback;
    let node: unknown = root;
    let parent: object | undefined;
    let key: string | number | undefined;
    for (const seg of path) {
      if (!isContainer(node) || !Object.hasOwn(node, seg)) return { loc };
      loc = valueLocation(node, seg) ?? loc;
      parent = node;
      key = seg;
      node = (node as Record<string | number, unknown>)[seg];
    }
    return { loc, parent, key };
  };
  return {
    locate: (path) => walk(path).loc,
    locateKey: (path) => {
      const w = walk(path);
      if (w.parent === undefined || w.key === undefined) return w.loc;
      return entryMeta(w.parent, w.key)?.key ?? w.loc;
    },
  };
}
