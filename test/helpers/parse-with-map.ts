/**
 * Test helper for parser stages that need a tree and a SourceMap without the whole
 * loader: parses inline YAML and locates paths through the yaml library's node ranges.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { SourceMap, YamlPath } from '../../src/parser/source-map.js';

export function parseWithMap(text: string, file = 'compose.yaml'): { tree: Record<string, unknown>; map: SourceMap } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true });
  if (doc.errors.length) throw doc.errors[0];
  const tree = (doc.toJS({ maxAliasCount: -1 }) ?? {}) as Record<string, unknown>;
  const find = (path: YamlPath, wantKey: boolean) => {
    let node: unknown = doc.contents;
    let found = node as Node | undefined;
    path.forEach((seg, i) => {
      if (!node) return;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        next = wantKey && i === path.length - 1 ? pair?.key : pair?.value;
      } else if (isSeq(node)) next = node.items[Number(seg)];
      node = next;
      if (next) found = next as Node;
    });
    const offset = found?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const map: SourceMap = { locate: (path) => find(path, false), locateKey: (path) => find(path, true) };
  return { tree, map };
}
