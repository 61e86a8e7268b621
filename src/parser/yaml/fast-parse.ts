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
import { BAIL, HASH, LineReader, NL, SP, bail, plainStart, type Inline } from './fast-lines.js';
import { OffsetRecorder } from './located.js';
import { resolvePlain } from './plain-scalar.js';

// characters or line starts the fast path leaves to the library
const UNSUPPORTED = /[\t\r\uFEFF\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|^(?:---|\.\.\.|%)/m;

export function fastParseYaml(text: string, file: string): { value: unknown } | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return { value: new FastParser(text, file).document() };
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

/** the block structure: mappings and sequences by indentation */
class FastParser extends LineReader {
  document(): unknown {
    const li = this.skipBlank(0);
    if (li >= this.starts.length || this.indentOf(li) !== 0) bail();
    const [value, next] = this.blockNode(li, 0);
    if (next < this.starts.length) bail();
    return value;
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
    const rec = new OffsetRecorder(out, this.index, p);
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
      rec.key(key, valueAt, keyAt, textOffset);
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
    const rec = new OffsetRecorder(out, this.index, this.starts[li]! + indent);
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
      rec.item(itemAt, textOffset);
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
}
