/**
 * YAML text -> a located plain tree. We walk the yaml Document ourselves instead of
 * calling toJS() so that every value keeps its position, `!reset`/`!override` tags
 * survive for the merge stage, and merge keys (`<<`) keep the location of the anchor
 * they were copied from.
 */
import type { Document, Node } from 'yaml';
import { ComposeFileError } from '../../errors.js';
import type { SourceLocation } from '../../model/location.js';
import { fastParseYaml } from './fast-parse.js';
import { entryMeta as entryMetaOf, setEntryMeta, setOwnLocation, type MergeTag } from './located.js';
import { yamlLibrary } from './library.js';

export interface ParsedYaml {
  readonly value: unknown;
  readonly errors: ComposeFileError[];
}

// Expanding aliases copies nodes; a bound keeps "billion laughs" documents from exhausting memory.
const MAX_NODES = 1_000_000;
const LEGACY_OCTAL = /^[+-]?0[0-7]+$/;

function textOffsetOf(node: Node | null, text: string): number | undefined {
  if (!node || !yamlLibrary().isScalar(node) || typeof node.value !== 'string' || node.tag || !node.range) return undefined;
  const raw = text.slice(node.range[0], node.range[1]);
  if (raw.includes('\n')) return undefined;
  if (node.type === 'PLAIN') return raw === node.value ? 0 : undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return raw.slice(1, -1) === node.value ? 1 : undefined;
  return undefined;
}

function tagOf(node: Node): MergeTag | undefined {
  if (node.tag === '!reset') return 'reset';
  if (node.tag === '!override') return 'override';
  return undefined;
}

/** "Map keys must be unique at line 1, column 6:\n..." -> "map keys must be unique" */
function humanize(message: string): string {
  const first = (message.split(/ at line \d+, column \d+/)[0] ?? message).split('\n')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export function parseYaml(text: string, file: string): ParsedYaml {
  // most compose files take the fast path; anything it does not handle, errors included, goes to the library
  const fast = fastParseYaml(text, file);
  return fast ? { value: fast.value, errors: [] } : parseYamlWithLibrary(text, file);
}

/** the general path: any YAML, with the library's error messages */
export function parseYamlWithLibrary(text: string, file: string): ParsedYaml {
  const { LineCounter, isAlias, isMap, isScalar, isSeq, parse, parseDocument } = yamlLibrary();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: true, uniqueKeys: true });
  const at = (offset: number | undefined): SourceLocation => {
    const p = lc.linePos(offset ?? 0);
    return { file, line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const detail = e.code === 'MULTIPLE_DOCS' ? 'a compose file holds a single document; found a second "---"' : humanize(e.message);
      return new ComposeFileError(`invalid yaml: ${detail}`, { location: at(e.pos[0]) });
    });
    return { value: undefined, errors };
  }
  const errors: ComposeFileError[] = [];
  let count = 0;
  const convert = (node: unknown, stack: readonly Node[]): unknown => {
    if (++count > MAX_NODES) throw new ComposeFileError('document expands to too many nodes (aliases nested too deeply?)', { location: at(0) });
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      if (!target || stack.includes(target)) {
        errors.push(new ComposeFileError(`alias *${node.source} does not refer to a value defined before it`, { location: at(node.range?.[0]) }));
        return null;
      }
      return convert(target, [...stack, target]);
    }
    if (isScalar(node)) {
      // The merge tags are unknown to the yaml library, which then reads the scalar as a
      // string; a plain scalar under them still means what it would mean untagged.
      if (tagOf(node) && node.type === 'PLAIN' && typeof node.value === 'string') return parse(node.value) ?? null;
      // Compose's own YAML reader still takes 1.1-style octals (`mode: 0440`); so do we.
      if (node.type === 'PLAIN' && typeof node.value === 'number' && typeof node.source === 'string' && LEGACY_OCTAL.test(node.source)) {
        return Number.parseInt(node.source.replace(/^([+-]?)0/, '$1'), 8);
      }
      return node.value === undefined ? null : node.value;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      setOwnLocation(out, at(node.range?.[0]));
      node.items.forEach((item, i) => {
        out.push(convert(item, stack));
        const n = item as Node | null;
        setEntryMeta(out, i, { value: at(n?.range?.[0] ?? node.range?.[0]), tag: n ? tagOf(n) : undefined, textOffset: textOffsetOf(n, text) });
      });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      setOwnLocation(out, at(node.range?.[0]));
      const merged: { from: Record<string, unknown>; key: string }[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const keyLoc = at(keyNode?.range?.[0] ?? node.range?.[0]);
        if (keyNode && !isScalar(keyNode)) {
          errors.push(new ComposeFileError('mapping keys must be plain strings', { location: keyLoc }));
          continue;
        }
        const key = keyNode ? String(keyNode.value) : '';
        const valueNode = pair.value as Node | null;
        const value = convert(valueNode, stack);
        if (key === '<<' && keyNode && (keyNode as { type?: string }).type === 'PLAIN') {
          const sources = Array.isArray(value) ? value : [value];
          for (const src of sources) {
            if (src === null || typeof src !== 'object' || Array.isArray(src)) {
              errors.push(new ComposeFileError('merge key << expects a mapping or a list of mappings', { location: keyLoc }));
              continue;
            }
            for (const k of Object.keys(src)) merged.push({ from: src as Record<string, unknown>, key: k });
          }
          continue;
        }
        out[key] = value;
        setEntryMeta(out, key, {
          value: at(valueNode?.range?.[0] ?? keyNode?.range?.[1]),
          key: keyLoc,
          tag: valueNode ? tagOf(valueNode) : undefined,
          textOffset: textOffsetOf(valueNode, text),
        });
      }
      // Explicit keys win over merged ones; among merged mappings the first one wins.
      for (const { from, key } of merged) {
        if (Object.hasOwn(out, key)) continue;
        out[key] = from[key];
        setEntryMeta(out, key, entryMetaOf(from, key));
      }
      return out;
    }
    return null;
  };
  const value = convert(doc.contents, []);
  return { value, errors };
}
