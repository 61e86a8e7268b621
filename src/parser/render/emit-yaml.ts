/**
 * A small block-style YAML writer for the config document (plain mappings, sequences
 * and scalars only). The general-purpose stringifier spends most of `compose config`'s
 * time on a large project; this one writes each value once. Strings that a YAML 1.1 or
 * 1.2 reader could take for anything but a string are double-quoted (JSON escapes are
 * valid YAML), so the output reads back to the same document.
 */

import { keptKeys, tidiesEmpty, TidyView } from './tidy.js';

const SPECIAL_WORDS = /^(?:~|null|true|false|yes|no|on|off|y|n|\.inf|-\.inf|\+\.inf|\.nan|<<|=)$/i;
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const SAFE_FIRST = /^[A-Za-z0-9_./$(=+\\]|^-\S/;
const UNSAFE_INSIDE = /[\x00-\x1f\x7f\u0085\u2028\u2029"'`]|: |\s#|:$|^\s|\s$|^---/;

// most keys and values are plain words (image references and paths included: a colon
// inside is plain, one at the end is not); for those only the special words need a look
const PLAIN_WORD = /^[A-Za-z_](?:[A-Za-z0-9_./@-]|:(?!$))*$/;

// every special word is at most five characters long
const SPECIAL_MAX = 5;

function needsQuotes(s: string): boolean {
  if (PLAIN_WORD.test(s)) return s.length <= SPECIAL_MAX && SPECIAL_WORDS.test(s);
  if (s === '') return true;
  if (!SAFE_FIRST.test(s) || UNSAFE_INSIDE.test(s)) return true;
  return SPECIAL_WORDS.test(s) || NUMBER_LIKE.test(s) || SEXAGESIMAL.test(s) || DATE_LIKE.test(s);
}

/** rewrites string values (not keys) before they are written */
type StringValue = ((s: string) => string) | undefined;

function scalar(v: unknown, str?: StringValue): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    const s = str ? str(v) : v;
    return needsQuotes(s) ? JSON.stringify(s) : s;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  return String(v);
}

// keys repeat (field names, service names once each): each is looked at once
const keyText = new Map<string, string>();

function keyScalar(k: string): string {
  let text = keyText.get(k);
  if (text === undefined) keyText.set(k, (text = scalar(k)));
  return text;
}

function isCollection(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** a mapping or sequence that fits on its key's line: an empty one */
function inline(v: unknown, str: StringValue): string | undefined {
  if (!isCollection(v)) return scalar(v, str);
  if (v instanceof TidyView) return v.keys().length === 0 ? '{}' : undefined;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  for (const _ in v) return undefined;
  return '{}';
}

/**
 * `tidying`: inside a TidyLater, where entries tidy.ts leaves out are skipped, keys
 * sorted, and a mapping that would lose all its entries reads `{}`
 */
/**
 * `tidying`: inside a TidyView, where entries tidy.ts leaves out are skipped, keys
 * sorted, and a mapping that would lose all its entries reads `{}`
 */
function writeMap(obj: Record<string, unknown>, pad: string, out: string[], str: StringValue, tidying: boolean): void {
  writeEntries(tidying ? keptKeys(obj) : Object.keys(obj), obj, undefined, pad, out, str, tidying);
}

/** the entries `keys` of `obj`, or of `view` when given */
function writeEntries(keys: readonly string[], obj: Record<string, unknown> | undefined, view: TidyView | undefined, pad: string, out: string[], str: StringValue, tidying: boolean): void {
  // indexed loops: in cold code a for-of allocates a result object per step
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = view ? view.get(k) : obj![k];
    const key = keyScalar(k);
    // a kept mapping is never empty (keptKeys), a kept empty list is one that means something
    const one = tidying && isCollection(v) && !(v instanceof TidyView) ? (Array.isArray(v) && v.length === 0 ? '[]' : undefined) : inline(v, str);
    if (one !== undefined) out.push(`${pad}${key}: ${one}`);
    else {
      out.push(`${pad}${key}:`);
      writeNode(v, `${pad}  `, out, str, tidying);
    }
  }
}

function writeSeq(list: readonly unknown[], pad: string, out: string[], str: StringValue, tidying: boolean): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const one = tidying && isCollection(item) && !Array.isArray(item) ? (tidiesEmpty(item as Record<string, unknown>) ? '{}' : undefined) : inline(item, str);
    if (one !== undefined) {
      out.push(`${pad}- ${one}`);
      continue;
    }
    // the item's first line shares the dash; the rest is indented past it
    const start = out.length;
    writeNode(item, `${pad}  `, out, str, tidying);
    out[start] = `${pad}- ${out[start]!.slice(pad.length + 2)}`;
  }
}

function writeNode(v: unknown, pad: string, out: string[], str: StringValue, tidying: boolean): void {
  if (v instanceof TidyView) writeEntries(v.keys(), undefined, v, pad, out, str, true);
  else if (Array.isArray(v)) writeSeq(v, pad, out, str, tidying);
  else writeMap(v as Record<string, unknown>, pad, out, str, tidying);
}

export function emitYaml(doc: Record<string, unknown>, strings?: StringValue): string {
  const out: string[] = [];
  writeMap(doc, '', out, strings, false);
  return `${out.join('\n')}\n`;
}
