/**
 * The `${}` grammar of Compose interpolation. `$NAME` and `${NAME}` substitute;
 * `${NAME<op>word}` with op one of :- - :? ? :+ + applies a default, a requirement or an
 * alternative; `word` may itself hold `$` expressions and is expanded only when used.
 * `$$` is a literal `$`; a `$` not followed by a name or `{` is kept as written.
 */

export type Lookup = (name: string) => string | undefined;

export type TemplateProblem =
  | { readonly kind: 'syntax'; readonly message: string }
  | { readonly kind: 'required'; readonly message: string };

export interface Substitution {
  readonly value: string;
  /** variables that were read but unset (each reported once by the caller) */
  readonly unset: readonly string[];
}

export class TemplateError extends Error {
  readonly problem: TemplateProblem;
  /** index in the input of the `$` that starts the failing expression */
  index: number | undefined;
  constructor(problem: TemplateProblem) {
    super(problem.message);
    this.problem = problem;
    this.name = 'TemplateError';
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const OPS = [':-', ':?', ':+', '-', '?', '+'] as const;

/** index of the `}` closing the `${` whose body starts at `from`, or -1 */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && (s[i + 1] === '$')) i++;
    else if (c === '$' && s[i + 1] === '{') { depth++; i++; }
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, whole: string, lookup: Lookup, unset: string[], at: number): string {
  let n = 0;
  while (n < body.length && (n === 0 ? NAME_START : NAME_CHAR).test(body[n] ?? '')) n++;
  const name = body.slice(0, n);
  const rest = body.slice(n);
  if (name === '') throw new TemplateError({ kind: 'syntax', message: `invalid interpolation format for "${whole}": expected a variable name after \${` });
  if (rest === '') {
    const v = lookup(name);
    if (v === undefined) unset.push(name);
    return v ?? '';
  }
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) throw new TemplateError({ kind: 'syntax', message: `invalid interpolation format for "${whole}": unexpected "${rest[0]}" after \${${name}` });
  // `at` is the index of `${`; the word starts after `${`, the name and the operator
  const word = () => expand(rest.slice(op.length), lookup, unset, at + 2 + name.length + op.length);
  const v = lookup(name);
  const emptyCounts = op.startsWith(':');
  const present = v !== undefined && (!emptyCounts || v !== '');
  switch (op) {
    case ':-':
    case '-':
      return present ? (v ?? '') : word();
    case ':+':
    case '+':
      return present ? word() : '';
    default: {
      if (present) return v ?? '';
      const why = word();
      const state = v === undefined ? 'is missing a value' : 'is empty';
      throw new TemplateError({ kind: 'required', message: `required variable ${name} ${state}${why ? `: ${why}` : ''}` });
    }
  }
}

function expand(s: string, lookup: Lookup, unset: string[], base = 0): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '$') { out += c; continue; }
    const next = s[i + 1];
    if (next === '$') { out += '$'; i++; continue; }
    if (next === '{') {
      const end = closingBrace(s, i + 2);
      if (end < 0) {
        const err = new TemplateError({ kind: 'syntax', message: `invalid interpolation format for "${s}": missing closing }` });
        err.index = base + i;
        throw err;
      }
      try {
        out += braced(s.slice(i + 2, end), s, lookup, unset, base + i);
      } catch (e) {
        // the innermost failing expression sets the index first; keep it
        if (e instanceof TemplateError && e.index === undefined) e.index = base + i;
        throw e;
      }
      i = end;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < s.length && NAME_CHAR.test(s[j] ?? '')) j++;
      const name = s.slice(i + 1, j);
      const v = lookup(name);
      if (v === undefined) unset.push(name);
      out += v ?? '';
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** Expands `s`; throws TemplateError for bad syntax or a missing required variable. */
export function substitute(s: string, lookup: Lookup): Substitution {
  if (!s.includes('$')) return { value: s, unset: [] };
  const unset: string[] = [];
  const value = expand(s, lookup, unset);
  return { value, unset };
}
