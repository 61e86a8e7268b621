/**
 * The line and one-line value reading of the fast YAML path (fast-parse.ts): line starts
 * and indents, scalars, quoted strings and flow collections on one line. Anything outside
 * the supported subset bails, and the caller falls back to the yaml library.
 */
import { LineIndex, OffsetRecorder } from './located.js';
import { resolvePlain } from './plain-scalar.js';

/** thrown to abandon the fast path; never escapes fastParseYaml */
export const BAIL = Symbol('bail');

export const SP = 0x20;
export const NL = 0x0a;
export const HASH = 0x23;

export function bail(): never {
  throw BAIL;
}

export class LineReader {
  protected readonly starts: number[] = [0];
  protected readonly index: LineIndex;
  // What a value read on one line leaves besides the value itself. Fields rather than a
  // result object: a large file has tens of thousands of values, read in cold code.
  /** where the last value's text ends (exclusive) */
  protected vEnd = 0;
  /** its textOffset (see EntryMeta), -1 for none */
  protected vText = -1;
  // Values are scanned with indexOf and sticky patterns rather than a loop per character,
  // which in cold code cost more than everything else a value needs. The next ` #` (a
  // comment's start) is found once and reused until the reading passes it.
  private spaceHashFrom = Number.MAX_SAFE_INTEGER;
  private spaceHash = -1;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.index = new LineIndex(file, this.starts);
  }

  // ---- lines

  protected end(li: number): number {
    return li + 1 < this.starts.length ? this.starts[li + 1]! - 1 : this.text.length;
  }

  protected indentOf(li: number): number {
    const s = this.starts[li]!;
    let p = s;
    while (this.text.charCodeAt(p) === SP) p++;
    return p - s;
  }

  /** the first line at or after li with something besides spaces and a comment */
  protected skipBlank(li: number): number {
    const n = this.starts.length;
    for (; li < n; li++) {
      const p = this.starts[li]! + this.indentOf(li);
      if (p < this.end(li) && this.text.charCodeAt(p) !== HASH) return li;
    }
    return li;
  }

  protected isSeqItem(p: number): boolean {
    const next = this.text.charCodeAt(p + 1);
    return this.text.charCodeAt(p) === 0x2d && (next === SP || next === NL || Number.isNaN(next));
  }

  /** past spaces, then nothing or a comment until the end of the line */
  protected restIsEmpty(li: number, p: number): boolean {
    const start = p;
    while (this.text.charCodeAt(p) === SP) p++;
    return p >= this.end(li) || (this.text.charCodeAt(p) === HASH && p > start);
  }


  // ---- values on one line

  protected inline(li: number, p: number): unknown {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) return this.quoted(li, p);
    if (c === 0x5b) return this.flowSeq(li, p);
    if (c === 0x7b) return this.flowMap(li, p);
    if (!plainStart(this.text, p, false)) bail();
    const end = this.end(li);
    const h = this.nextSpaceHash(p);
    const raw = this.text.slice(p, h !== -1 && h + 1 < end ? h + 1 : end).trimEnd();
    // `a: b: c` is an error, and `- a: b` was taken as a mapping before this
    if (raw.includes(': ') || raw.endsWith(':')) bail();
    const value = resolvePlain(raw, true);
    this.vEnd = p + raw.length;
    this.vText = typeof value === 'string' ? 0 : -1;
    return value;
  }

  /** the offset of the first ` #` at or after p, or -1 */
  private nextSpaceHash(p: number): number {
    if (p < this.spaceHashFrom || (this.spaceHash !== -1 && this.spaceHash < p)) {
      this.spaceHashFrom = p;
      this.spaceHash = this.text.indexOf(' #', p);
    }
    return this.spaceHash;
  }

  /** a quoted scalar closed on its own line, without escapes in double quotes */
  protected quoted(li: number, p: number): unknown {
    const text = this.text;
    const end = this.end(li);
    const quote = text[p]!;
    let q = text.indexOf(quote, p + 1);
    let escaped = false;
    // in single quotes, '' is a quote
    while (quote === "'" && q !== -1 && q + 1 < end && text.charCodeAt(q + 1) === 0x27) {
      escaped = true;
      q = text.indexOf(quote, q + 2);
    }
    if (q === -1 || q >= end) bail();
    const inner = text.slice(p + 1, q);
    if (quote === '"' && inner.includes('\\')) bail();
    this.vEnd = q + 1;
    this.vText = escaped ? -1 : 1;
    return escaped ? inner.replaceAll("''", "'") : inner;
  }

  /** a collection ends at `end` (exclusive) */
  private closed<T>(value: T, end: number): T {
    this.vEnd = end;
    this.vText = -1;
    return value;
  }

  protected flowSeq(li: number, p: number): unknown[] {
    const out: unknown[] = [];
    const rec = new OffsetRecorder(out, this.index, p);
    let q = this.skipSpaces(p + 1);
    if (this.text.charCodeAt(q) === 0x5d) return this.closed(out, q + 1);
    for (;;) {
      out.push(this.flowItem(li, q, false));
      rec.item(q, this.vText < 0 ? undefined : this.vText);
      q = this.flowSeparator(li, this.vEnd, 0x5d);
      if (q < 0) return this.closed(out, -q);
    }
  }

  protected flowMap(li: number, p: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rec = new OffsetRecorder(out, this.index, p);
    let q = this.skipSpaces(p + 1);
    if (this.text.charCodeAt(q) === 0x7d) return this.closed(out, q + 1);
    for (;;) {
      const k = this.flowItem(li, q, true);
      if (typeof k === 'object' && k !== null) bail();
      const key = String(k);
      const keyEnd = this.vEnd;
      if (this.text.charCodeAt(keyEnd) !== 0x3a || this.text.charCodeAt(keyEnd + 1) !== SP) bail();
      if (key === '<<' || key === '__proto__' || Object.hasOwn(out, key)) bail();
      const keyAt = q;
      const vs = this.skipSpaces(keyEnd + 1);
      const c = this.text.charCodeAt(vs);
      if (c === 0x2c || c === 0x7d) bail();
      out[key] = this.flowItem(li, vs, false);
      rec.key(key, vs, keyAt, this.vText < 0 ? undefined : this.vText);
      q = this.flowSeparator(li, this.vEnd, 0x7d);
      if (q < 0) return this.closed(out, -q);
    }
  }

  /** after an entry: `,` and the next entry's start, or minus the offset after the closing bracket */
  protected flowSeparator(li: number, p: number, close: number): number {
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

  protected flowItem(li: number, p: number, isKey: boolean): unknown {
    const c = this.text.charCodeAt(p);
    if (p >= this.end(li)) bail();
    if (c === 0x22 || c === 0x27) return this.quoted(li, p);
    if (c === 0x5b) return isKey ? bail() : this.flowSeq(li, p);
    if (c === 0x7b) return isKey ? bail() : this.flowMap(li, p);
    if (!plainStart(this.text, p, true)) bail();
    const end = this.end(li);
    let q = p;
    for (; q < end; q++) {
      // past the characters that cannot end or break the item
      FLOW_PLAIN_RUN.lastIndex = q;
      FLOW_PLAIN_RUN.test(this.text);
      q = FLOW_PLAIN_RUN.lastIndex;
      if (q >= end) break;
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
    this.vEnd = p + raw.length;
    this.vText = typeof value === 'string' ? 0 : -1;
    return value;
  }

  protected skipSpaces(p: number): number {
    while (this.text.charCodeAt(p) === SP) p++;
    return p;
  }
}

const FLOW_PLAIN_RUN = /[^,\]}[{#:\n]*/y;

/** can a plain scalar start at p? Indicators that start other syntax are left to the library. */
export function plainStart(text: string, p: number, flow: boolean): boolean {
  const c = text.charCodeAt(p);
  // & * ! | > % @ ` ? : # , [ ] { } and a dash followed by a space
  if ('&*!|>%@`?:#,[]{}'.includes(text[p] ?? '#')) return false;
  if (c === 0x2d) {
    const next = text.charCodeAt(p + 1);
    if (next === SP || next === NL || Number.isNaN(next) || (flow && (next === 0x2c || next === 0x5d || next === 0x7d))) return false;
  }
  return true;
}
