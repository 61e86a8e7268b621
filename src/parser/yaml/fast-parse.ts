/**
 * A fast path for the YAML most compose files are written in: block mappings and
 * sequences, one-line flow collections, plain and one-line quoted scalars, comments.
 * The yaml library builds a token stream, a syntax tree and a Document before parse.ts
 * walks it; for a large file that was most of `compose config`'s time. This reads the
 * text once and builds the located tree directly.
 *
 * It returns undefined for anything outside that subset (anchors, aliases, tags, block
 * scalars, multi-line scalars or flow collections, escapes, tabs, CRLF, several
 * documents, duplicate keys, any syntax error), and the caller then parses with the
 * library: every error message still comes from there. For what it accepts, the tree,
 * its values (the YAML 1.2 core schema, plus 1.1-style octals as parse.ts reads them)
 * and its locations are those parse.ts would build; test/parser/yaml/fast-parse.test.ts
 * compares the two.
 */
import type { SourceLocation } from '../../model/location.js';
import { LineIndex, setEntryOffsets, setOwnLocation } from './located.js';
import { resolvePlain } from './plain-scalar.js';

/** thrown to abandon the fast path; never escapes fastParseYaml */
const BAIL = Symbol('bail');

// characters or line starts the fast path leaves to the library
const UNSUPPORTED = /[\t\r\uFEFF\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|^(?:---|\.\.\.|%)/m;
const SP = 0x20;
const NL = 0x0a;
const HASH = 0x23;

interface Inline {
  readonly value: unknown;
  /** where the value's text ends (exclusive) */
  readonly end: number;
  readonly textOffset: number | undefined;
}

export function fastParseYaml(text: string, file: string): { value: unknown } | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return { value: new FastParser(text, file).document() };
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

function bail(): never {
  throw BAIL;
}

class FastParser {
  private readonly starts: number[] = [0];
  private readonly index: LineIndex;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.index = new LineIndex(file, this.starts);
  }

  document(): unknown {
    const li = this.skipBlank(0);
    if (li >= this.starts.length || this.indentOf(li) !== 0) bail();
    const [value, next] = this.blockNode(li, 0);
    if (next < this.starts.length) bail();
    return value;
  }

  // ---- lines

  private end(li: number): number {
    return li + 1 < this.starts.length ? this.starts[li + 1]! - 1 : this.text.length;
  }

  private indentOf(li: number): number {
    const s = this.starts[li]!;
    let p = s;
    while (this.text.charCodeAt(p) === SP) p++;
    return p - s;
  }

  /** the first line at or after li with something besides spaces and a comment */
  private skipBlank(li: number): number {
    const n = this.starts.length;
    for (; li < n; li++) {
      const p = this.starts[li]! + this.indentOf(li);
      if (p < this.end(li) && this.text.charCodeAt(p) !== HASH) return li;
    }
    return li;
  }

  private loc(li: number, offset: number): SourceLocation {
    return { file: this.file, line: li + 1, column: offset - this.starts[li]! + 1 };
  }

  private isSeqItem(p: number): boolean {
    const next = this.text.charCodeAt(p + 1);
    return this.text.charCodeAt(p) === 0x2d && (next === SP || next === NL || Number.isNaN(next));
  }

  /** past spaces, then nothing or a comment until the end of the line */
  private restIsEmpty(li: number, p: number): boolean {
    const start = p;
    while (this.text.charCodeAt(p) === SP) p++;
    return p >= this.end(li) || (this.text.charCodeAt(p) === HASH && p > start);
  }

  // ---- block structure

  /** the node whose first line is li (a content line); returns it and the next content line */
  private blockNode(li: number, indent: number): [unknown, number] {
    const p = this.starts[li]! + indent;
    return this.isSeqItem(p) ? this.blockSeq(li, indent) : this.blockMap(li, indent, p);
  }

  /** after `key:` or `-` with nothing else on the line: a nested node, or null at `p` */
  /** the value, the offset where it starts, and the next content line */
  private nestedOrNull(li: number, indent: number, p: number, seqAtSameIndent: boolean): [unknown, number, number] {
    const next = this.skipBlank(li + 1);
    if (next < this.starts.length) {
      const ind = this.indentOf(next);
      const start = this.starts[next]! + ind;
      if (ind > indent || (seqAtSameIndent && ind === indent && this.isSeqItem(start))) {
        const [value, after] = this.blockNode(next, ind);
        return [value, start, after];
      }
    }
    return [null, p, next];
  }

  /** a scalar or flow collection ending its line; the next content line may not be deeper */
  private inlineEnding(li: number, p: number, indent: number): [Inline, number] {
    const v = this.inline(li, p);
    if (!this.restIsEmpty(li, v.end)) bail();
    const next = this.skipBlank(li + 1);
    if (next < this.starts.length && this.indentOf(next) > indent) bail();
    return [v, next];
  }

  private blockMap(li: number, indent: number, p: number): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    setOwnLocation(out, this.loc(li, p));
    for (;;) {
      const keyAt = p;
      const [key, colon] = this.blockKey(li, p);
      if (key === '<<' || key === '__proto__' || Object.hasOwn(out, key)) bail();
      let q = colon + 1;
      while (this.text.charCodeAt(q) === SP) q++;
      let value: unknown;
      let valueAt: number;
      let textOffset: number | undefined;
      let next: number;
      if (q >= this.end(li) || this.text.charCodeAt(q) === HASH) {
        [value, valueAt, next] = this.nestedOrNull(li, indent, q, true);
      } else {
        let v: Inline;
        [v, next] = this.inlineEnding(li, q, indent);
        value = v.value;
        valueAt = q;
        textOffset = v.textOffset;
      }
      out[key] = value;
      setEntryOffsets(out, key, this.index, valueAt, keyAt, textOffset);
      if (next >= this.starts.length) return [out, next];
      const ind = this.indentOf(next);
      if (ind < indent) return [out, next];
      if (ind > indent) bail();
      li = next;
      p = this.starts[li]! + ind;
      if (this.isSeqItem(p)) bail();
    }
  }

  private blockSeq(li: number, indent: number): [unknown[], number] {
    const out: unknown[] = [];
    setOwnLocation(out, this.loc(li, this.starts[li]! + indent));
    for (let i = 0; ; i++) {
      let p = this.starts[li]! + indent + 1;
      while (this.text.charCodeAt(p) === SP) p++;
      let item: unknown;
      let itemAt: number;
      let textOffset: number | undefined;
      let next: number;
      if (p >= this.end(li) || this.text.charCodeAt(p) === HASH) {
        [item, itemAt, next] = this.nestedOrNull(li, indent, p, false);
      } else if (this.isSeqItem(p)) {
        bail();
      } else if (this.startsKey(li, p)) {
        itemAt = p;
        [item, next] = this.blockMap(li, p - this.starts[li]!, p);
      } else {
        let v: Inline;
        [v, next] = this.inlineEnding(li, p, indent);
        item = v.value;
        itemAt = p;
        textOffset = v.textOffset;
      }
      out.push(item);
      setEntryOffsets(out, i, this.index, itemAt, -1, textOffset);
      if (next >= this.starts.length) return [out, next];
      const ind = this.indentOf(next);
      if (ind < indent) return [out, next];
      if (ind > indent) bail();
      li = next;
      // a mapping key at this indent ends a sequence written at its parent key's indent
      if (!this.isSeqItem(this.starts[li]! + ind)) return [out, next];
    }
  }

  /** `key:` at p: the key's text and the colon's offset; bails on any other key form */
  private blockKey(li: number, p: number): [string, number] {
    const end = this.end(li);
    const c = this.text.charCodeAt(p);
    let key: string;
    let colon: number;
    if (c === 0x22 || c === 0x27) {
      const q = this.quoted(li, p);
      key = q.value as string;
      colon = q.end;
    } else {
      if (!plainStart(this.text, p, false)) bail();
      colon = p;
      for (;;) {
        colon = this.text.indexOf(':', colon);
        if (colon === -1 || colon >= end) bail();
        const after = this.text.charCodeAt(colon + 1);
        if (after === SP || after === NL || Number.isNaN(after)) break;
        colon++;
      }
      const raw = this.text.slice(p, colon).trimEnd();
      if (raw.includes(' #')) bail();
      key = String(resolvePlain(raw, false));
    }
    const after = this.text.charCodeAt(colon + 1);
    if (this.text.charCodeAt(colon) !== 0x3a || !(after === SP || after === NL || Number.isNaN(after))) bail();
    return [key, colon];
  }

  /** does the sequence item at p start with `key:` (a mapping written on the dash's line)? */
  private startsKey(li: number, p: number): boolean {
    const end = this.end(li);
    const c = this.text.charCodeAt(p);
    let q = p;
    if (c === 0x22 || c === 0x27) {
      q = this.quoted(li, p).end;
    } else {
      if (c === 0x5b || c === 0x7b) return false;
      for (; q < end; q++) {
        const ch = this.text.charCodeAt(q);
        if (ch === HASH && this.text.charCodeAt(q - 1) === SP) return false;
        if (ch === 0x3a) {
          const after = this.text.charCodeAt(q + 1);
          if (after === SP || after === NL || Number.isNaN(after)) return true;
        }
      }
      return false;
    }
    const after = this.text.charCodeAt(q + 1);
    return this.text.charCodeAt(q) === 0x3a && (after === SP || after === NL || Number.isNaN(after));
  }

  // ---- values on one line

  private inline(li: number, p: number): Inline {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) return this.quoted(li, p);
    if (c === 0x5b) return this.flowSeq(li, p);
    if (c === 0x7b) return this.flowMap(li, p);
    if (!plainStart(this.text, p, false)) bail();
    const end = this.end(li);
    let q = p;
    while (q < end && !(this.text.charCodeAt(q) === HASH && this.text.charCodeAt(q - 1) === SP)) q++;
    const raw = this.text.slice(p, q).trimEnd();
    // `a: b: c` is an error, and `- a: b` was taken as a mapping before this
    if (raw.includes(': ') || raw.endsWith(':')) bail();
    const value = resolvePlain(raw, true);
    return { value, end: p + raw.length, textOffset: typeof value === 'string' ? 0 : undefined };
  }

  /** a quoted scalar closed on its own line, without escapes in double quotes */
  private quoted(li: number, p: number): Inline {
    const text = this.text;
    const end = this.end(li);
    const quote = text.charCodeAt(p);
    let q = p + 1;
    let escaped = false;
    for (;;) {
      if (q >= end) bail();
      const ch = text.charCodeAt(q);
      if (quote === 0x22 && ch === 0x5c) bail();
      if (ch === quote) {
        if (quote === 0x27 && text.charCodeAt(q + 1) === 0x27) {
          escaped = true;
          q += 2;
          continue;
        }
        break;
      }
      q++;
    }
    const inner = text.slice(p + 1, q);
    return { value: escaped ? inner.replaceAll("''", "'") : inner, end: q + 1, textOffset: escaped ? undefined : 1 };
  }

  private flowSeq(li: number, p: number): Inline {
    const out: unknown[] = [];
    setOwnLocation(out, this.loc(li, p));
    let q = this.skipSpaces(p + 1);
    if (this.text.charCodeAt(q) === 0x5d) return { value: out, end: q + 1, textOffset: undefined };
    for (let i = 0; ; i++) {
      const v = this.flowItem(li, q, false);
      out.push(v.value);
      setEntryOffsets(out, i, this.index, q, -1, v.textOffset);
      q = this.flowSeparator(li, v.end, 0x5d);
      if (q < 0) return { value: out, end: -q, textOffset: undefined };
    }
  }

  private flowMap(li: number, p: number): Inline {
    const out: Record<string, unknown> = {};
    setOwnLocation(out, this.loc(li, p));
    let q = this.skipSpaces(p + 1);
    if (this.text.charCodeAt(q) === 0x7d) return { value: out, end: q + 1, textOffset: undefined };
    for (;;) {
      const k = this.flowItem(li, q, true);
      if (typeof k.value === 'object' && k.value !== null) bail();
      const key = String(k.value);
      if (this.text.charCodeAt(k.end) !== 0x3a || this.text.charCodeAt(k.end + 1) !== SP) bail();
      if (key === '<<' || key === '__proto__' || Object.hasOwn(out, key)) bail();
      const keyAt = q;
      const vs = this.skipSpaces(k.end + 1);
      const c = this.text.charCodeAt(vs);
      if (c === 0x2c || c === 0x7d) bail();
      const v = this.flowItem(li, vs, false);
      out[key] = v.value;
      setEntryOffsets(out, key, this.index, vs, keyAt, v.textOffset);
      q = this.flowSeparator(li, v.end, 0x7d);
      if (q < 0) return { value: out, end: -q, textOffset: undefined };
    }
  }

  /** after an entry: `,` and the next entry's start, or minus the offset after the closing bracket */
  private flowSeparator(li: number, p: number, close: number): number {
    let q = this.skipSpaces(p);
    const c = this.text.charCodeAt(q);
    if (c === close) return -(q + 1);
    if (c !== 0x2c || q >= this.end(li)) bail();
    q = this.skipSpaces(q + 1);
    const next = this.text.charCodeAt(q);
    // a trailing comma, an empty entry or a line break inside the collection
    if (next === close || next === 0x2c || q >= this.end(li)) bail();
    return q;
  }

  private flowItem(li: number, p: number, isKey: boolean): Inline {
    const c = this.text.charCodeAt(p);
    if (p >= this.end(li)) bail();
    if (c === 0x22 || c === 0x27) return this.quoted(li, p);
    if (c === 0x5b) return isKey ? bail() : this.flowSeq(li, p);
    if (c === 0x7b) return isKey ? bail() : this.flowMap(li, p);
    if (!plainStart(this.text, p, true)) bail();
    const end = this.end(li);
    let q = p;
    for (; q < end; q++) {
      const ch = this.text.charCodeAt(q);
      if (ch === 0x2c || ch === 0x5d || ch === 0x7d) break;
      if (ch === 0x5b || ch === 0x7b) bail();
      if (ch === HASH && this.text.charCodeAt(q - 1) === SP) bail();
      if (ch === 0x3a) {
        const after = this.text.charCodeAt(q + 1);
        if (after === SP || after === 0x2c || after === 0x5d || after === 0x7d || q + 1 >= end) {
          if (!isKey) bail();
          break;
        }
      }
    }
    if (q >= end) bail();
    const raw = this.text.slice(p, q).trimEnd();
    if (raw === '') bail();
    const value = resolvePlain(raw, !isKey);
    return { value, end: p + raw.length, textOffset: typeof value === 'string' ? 0 : undefined };
  }

  private skipSpaces(p: number): number {
    while (this.text.charCodeAt(p) === SP) p++;
    return p;
  }
}

/** can a plain scalar start at p? Indicators that start other syntax are left to the library. */
function plainStart(text: string, p: number, flow: boolean): boolean {
  const c = text.charCodeAt(p);
  // & * ! | > % @ ` ? : # , [ ] { } and a dash followed by a space
  if ('&*!|>%@`?:#,[]{}'.includes(text[p] ?? '#')) return false;
  if (c === 0x2d) {
    const next = text.charCodeAt(p + 1);
    if (next === SP || next === NL || Number.isNaN(next) || (flow && (next === 0x2c || next === 0x5d || next === 0x7d))) return false;
  }
  return true;
}
