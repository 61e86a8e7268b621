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
import { BAIL, HASH, LineReader, NL, SP, bail, plainStart } from './fast-lines.js';
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
  // Set by the block readers besides the value they return (fields, not tuples: see
  // LineReader): the next content line, where a nested value starts, a key's colon.
  private nextLine = 0;
  private valueAt = 0;
  private colon = 0;

  document(): unknown {
    const li = this.skipBlank(0);
    if (li >= this.starts.length || this.indentOf(li) !== 0) bail();
    const value = this.blockNode(li, 0);
    if (this.nextLine < this.starts.length) bail();
    return value;
  }

  // ---- block structure

  /** the node whose first line is li (a content line); sets nextLine */
  private blockNode(li: number, indent: number): unknown {
    const p = this.starts[li]! + indent;
    return this.isSeqItem(p) ? this.blockSeq(li, indent) : this.blockMap(li, indent, p);
  }

  /**
   * after `key:` or `-` with nothing else on the line: a nested node, or null at `p`;
   * sets valueAt (where it starts) and nextLine
   */
  private nestedOrNull(li: number, indent: number, p: number, seqAtSameIndent: boolean): unknown {
    const next = this.skipBlank(li + 1);
    if (next < this.starts.length) {
      const ind = this.indentOf(next);
      const start = this.starts[next]! + ind;
      if (ind > indent || (seqAtSameIndent && ind === indent && this.isSeqItem(start))) {
        const value = this.blockNode(next, ind);
        this.valueAt = start;
        return value;
      }
    }
    this.valueAt = p;
    this.nextLine = next;
    return null;
  }

  /** a scalar or flow collection ending its line; the next content line may not be deeper. Sets nextLine. */
  private inlineEnding(li: number, p: number, indent: number): unknown {
    const v = this.inline(li, p);
    if (!this.restIsEmpty(li, this.vEnd)) bail();
    const next = this.skipBlank(li + 1);
    if (next < this.starts.length && this.indentOf(next) > indent) bail();
    this.nextLine = next;
    return v;
  }

  private blockMap(li: number, indent: number, p: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rec = new OffsetRecorder(out, this.index, p);
    for (;;) {
      const keyAt = p;
      const key = this.blockKey(li, p);
      if (key === '<<' || key === '__proto__' || Object.hasOwn(out, key)) bail();
      let q = this.colon + 1;
      while (this.text.charCodeAt(q) === SP) q++;
      if (q >= this.end(li) || this.text.charCodeAt(q) === HASH) {
        out[key] = this.nestedOrNull(li, indent, q, true);
        rec.key(key, this.valueAt, keyAt, undefined);
      } else {
        out[key] = this.inlineEnding(li, q, indent);
        rec.key(key, q, keyAt, this.vText < 0 ? undefined : this.vText);
      }
      const next = this.nextLine;
      if (next >= this.starts.length) return out;
      const ind = this.indentOf(next);
      if (ind < indent) return out;
      if (ind > indent) bail();
      li = next;
      p = this.starts[li]! + ind;
      if (this.isSeqItem(p)) bail();
    }
  }

  private blockSeq(li: number, indent: number): unknown[] {
    const out: unknown[] = [];
    const rec = new OffsetRecorder(out, this.index, this.starts[li]! + indent);
    for (;;) {
      let p = this.starts[li]! + indent + 1;
      while (this.text.charCodeAt(p) === SP) p++;
      if (p >= this.end(li) || this.text.charCodeAt(p) === HASH) {
        out.push(this.nestedOrNull(li, indent, p, false));
        rec.item(this.valueAt, undefined);
      } else if (this.isSeqItem(p)) {
        bail();
      } else if (this.startsKey(li, p)) {
        out.push(this.blockMap(li, p - this.starts[li]!, p));
        rec.item(p, undefined);
      } else {
        out.push(this.inlineEnding(li, p, indent));
        rec.item(p, this.vText < 0 ? undefined : this.vText);
      }
      const next = this.nextLine;
      if (next >= this.starts.length) return out;
      const ind = this.indentOf(next);
      if (ind < indent) return out;
      if (ind > indent) bail();
      li = next;
      // a mapping key at this indent ends a sequence written at its parent key's indent
      if (!this.isSeqItem(this.starts[li]! + ind)) return out;
    }
  }

  /** `key:` at p: the key's text; sets colon (its offset). Bails on any other key form. */
  private blockKey(li: number, p: number): string {
    const end = this.end(li);
    const c = this.text.charCodeAt(p);
    let key: string;
    let colon: number;
    if (c === 0x22 || c === 0x27) {
      key = this.quoted(li, p) as string;
      colon = this.vEnd;
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
    this.colon = colon;
    return key;
  }

  /** does the sequence item at p start with `key:` (a mapping written on the dash's line)? */
  private startsKey(li: number, p: number): boolean {
    const end = this.end(li);
    const c = this.text.charCodeAt(p);
    let q = p;
    if (c === 0x22 || c === 0x27) {
      this.quoted(li, p);
      q = this.vEnd;
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
