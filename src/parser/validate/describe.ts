/** Words for people: YAML's names for JSON Schema types, and a short description of a value. */
import { readFileSync } from 'node:fs';
import { schemaFile } from './compiled.js';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a sequence',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

export function typeWords(types: readonly string[]): string {
  // integer is a number too: say only the narrower word when both appear
  const list = types.includes('integer') ? types.filter((t) => t !== 'number') : [...types];
  const words = list.filter((t) => t !== 'null').map((t) => TYPE_WORDS[t] ?? t);
  if (words.length <= 1) return words[0] ?? 'null';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  return `the boolean ${String(value)}`;
}

/**
 * What a `pattern` means, keyed by the end of the failing schema path. Patterns are
 * regular expressions nobody wants to read in an error message.
 */
const PATTERN_WORDS: readonly (readonly [string, string])[] = [
  ['/definitions/bool/pattern', 'expected a boolean (true or false)'],
  ['/definitions/int/pattern', 'expected a whole number'],
  ['/definitions/number/pattern', 'expected a number'],
  ['/definitions/duration/pattern', 'expected a duration such as "1m30s", "10s" or "500ms"'],
  ['/definitions/size/pattern', 'expected a size such as "512m", "1g" or a number of bytes'],
  ['/definitions/external/pattern', 'expected a boolean (true or false)'],
  ['/definitions/resourceKey/pattern', "names may contain only letters, digits, '.', '_' and '-'"],
  ['/properties/name/pattern', "project names must start with a lowercase letter or digit and contain only lowercase letters, digits, '_' and '-'"],
  ['/properties/restart/pattern', 'expected "no", "always", "unless-stopped" or "on-failure[:max-retries]"'],
  ['/properties/pull_policy/pattern', 'expected "always", "never", "missing", "build", "daily", "weekly" or "every_<duration>"'],
  ['/properties/container_name/pattern', "container names must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"],
  ['/properties/memswap_limit/pattern', 'expected a size such as "1g", a number of bytes, or -1'],
  ['/properties/oom_score_adj/pattern', 'expected a whole number between -1000 and 1000'],
  ['/additionalProperties/pattern', 'expected a whole number'],
];

let definitionPatterns: Map<string, string> | undefined;

/**
 * pattern text -> `/definitions/<name>/pattern`. A definition reached through a $ref
 * that ajv does not inline reports its schemaPath relative to itself ("#/pattern"),
 * so the pattern text tells which definition failed. Read only when there is an error.
 */
function definitionOf(pattern: string): string | undefined {
  if (!definitionPatterns) {
    definitionPatterns = new Map();
    const schema = JSON.parse(readFileSync(schemaFile(), 'utf8')) as { definitions: Record<string, { pattern?: string }> };
    for (const [name, def] of Object.entries(schema.definitions)) {
      if (def.pattern !== undefined) definitionPatterns.set(def.pattern, `/definitions/${name}/pattern`);
    }
  }
  return definitionPatterns.get(pattern);
}

export function patternWords(schemaPath: string, pattern?: string): string | undefined {
  const path = schemaPath === '#/pattern' && pattern !== undefined ? (definitionOf(pattern) ?? schemaPath) : schemaPath;
  for (const [suffix, words] of PATTERN_WORDS) if (path.endsWith(suffix)) return words;
  return undefined;
}
