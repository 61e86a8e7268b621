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
  const map: SourceMap = {
    locate(path: YamlPath) {
      let node: unknown = doc.contents;
      let found = node as Node | undefined;
      for (const seg of path) {
        let next: unknown;
        if (isMap(node)) next = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
        else if (isSeq(node)) next = node.items[Number(seg)];
        if (!next) break;
        node = next;
        found = next as Node;
      }
      const offset = found?.range?.[0];
      if (offset === undefined) return undefined;
      const pos = lines.linePos(offset);
      return { file, line: pos.line, column: pos.col };
    },
  };
  return { tree, map };
}
