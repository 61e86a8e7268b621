/**
 * `.env` / `--env-file` syntax as Compose reads it:
 *   KEY=value            unquoted: trimmed, ` #` starts a comment, `$` expressions expanded
 *   KEY='value'          single quotes: literal, may span lines
 *   KEY="value"          double quotes: \n \t \r \\ \" \$ escapes and `$` expressions, may span lines
 *   export KEY=value     the `export ` prefix is ignored
 *   # comment, blank lines
 * Expressions see the variables defined above them and the caller's lookup.
 */
import { substitute, TemplateError, type Lookup } from '../interpolate/template.js';

export interface DotenvProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedDotenv {
  readonly vars: Record<string, string>;
  readonly problems: DotenvProblem[];
  readonly unset: string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', $: '$$' };

/** `lookup` is consulted first (the shell wins over the file), then earlier lines */
export function parseDotenv(text: string, lookup: Lookup): ParsedDotenv {
  const vars: Record<string, string> = {};
  const problems: DotenvProblem[] = [];
  const unset: string[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const resolve: Lookup = (n) => lookup(n) ?? vars[n];
  const expand = (s: string, line: number, column: number): string => {
    try {
      const r = substitute(s, resolve);
      unset.push(...r.unset);
      return r.value;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      problems.push({ line, column, message: e.message });
      return s;
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = (lines[i] ?? '').replace(/^\s+/, '');
    if (raw === '' || raw.startsWith('#')) continue;
    if (/^export\s+/.test(raw)) raw = raw.replace(/^export\s+/, '');
    const eq = raw.indexOf('=');
    const key = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    if (!KEY.test(key)) {
      problems.push({ line: lineNo, column: 1, message: `invalid variable name "${key}": expected letters, digits and underscores, not starting with a digit` });
      continue;
    }
    if (eq < 0) {
      // A bare name passes the caller's value through, as Compose does.
      const v = lookup(key);
      if (v !== undefined) vars[key] = v;
      continue;
    }
    let rest = raw.slice(eq + 1).replace(/^[ \t]+/, '');
    const column = (lines[i] ?? '').length - rest.length + 1;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // Find the closing quote, reading following lines for multi-line values.
      let body = '';
      let j = 1;
      let closed = false;
      const startLine = i;
      for (;;) {
        for (; j < rest.length; j++) {
          const c = rest[j];
          if (quote === '"' && c === '\\' && j + 1 < rest.length) { body += c + rest[j + 1]; j++; continue; }
          if (c === quote) { closed = true; break; }
          body += c;
        }
        if (closed || i + 1 >= lines.length) break;
        body += '\n';
        rest = lines[++i] ?? '';
        j = 0;
      }
      if (!closed) {
        problems.push({ line: startLine + 1, column, message: `unterminated ${quote === "'" ? 'single' : 'double'}-quoted value for ${key}` });
        continue;
      }
      if (quote === "'") vars[key] = body;
      else vars[key] = expand(body.replace(/\\(.)/g, (m, c: string) => ESCAPES[c] ?? m), startLine + 1, column);
      continue;
    }
    const hash = rest.search(/\s#/);
    const value = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
    vars[key] = expand(value, lineNo, column);
  }
  return { vars, problems, unset };
}
