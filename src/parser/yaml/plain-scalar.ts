/**
 * What an untagged plain scalar means under the YAML 1.2 core schema, as the yaml
 * library resolves it (null, booleans, 0o/0x integers, decimal integers, .inf/.nan,
 * floats, else a string), so the fast path (fast-parse.ts) yields the same values.
 */

const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Compose's own YAML reader still takes 1.1-style octals (`mode: 0440`); parse.ts does too, for values
const LEGACY_OCTAL = /^[+-]?0[0-7]+$/;

/** `legacyOctal`: read 0440 as octal, as parse.ts does for values (not for mapping keys) */
export function resolvePlain(raw: string, legacyOctal: boolean): unknown {
  const c = raw.charCodeAt(0);
  // most scalars are words: skip the patterns when the first character rules them all out
  const maybeSpecial = raw === '' || c === 0x7e || c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39) || 'nNtTfF'.includes(raw[0]!);
  if (!maybeSpecial) return raw;
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return null;
  if (BOOL.test(raw)) return c === 0x74 || c === 0x54;
  if (INT_OCT.test(raw)) return parseInt(raw.slice(2), 8);
  if (INT.test(raw)) {
    if (legacyOctal && LEGACY_OCTAL.test(raw)) return Number.parseInt(raw.replace(/^([+-]?)0/, '$1'), 8);
    return parseInt(raw, 10);
  }
  if (INT_HEX.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT_NAN.test(raw)) return raw.slice(-3).toLowerCase() === 'nan' ? NaN : raw[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(raw) || FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}
