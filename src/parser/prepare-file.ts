/**
 * The per-file stages, in order: parse YAML with positions -> drop `version` / detect
 * and convert v1 -> interpolate -> validate against the schema. Each file is validated
 * on its own so that an error names the file that holds it.
 */
import { relative } from 'node:path';
import { ComposeFileError } from '../errors.js';
import type { Mapping, PreparedFile } from './context.js';
import type { Env } from './env/resolve.js';
import { interpolateTree } from './interpolate/tree.js';
import { convertV1 } from './legacy/convert-v1.js';
import { detectFormat } from './legacy/detect-v1.js';
import type { SourceFile } from './sources/read.js';
import { validateFile } from './validate/index.js';
import { copyEntryMeta, copyOwnLocation, isMapping } from './yaml/located.js';
import { parseYaml } from './yaml/parse.js';
import { treeSourceMap } from './yaml/source-map-builder.js';

export interface PrepareOutcome {
  readonly file: PreparedFile;
  readonly errors: ComposeFileError[];
  readonly warnings: string[];
  readonly unset: readonly string[];
}

export function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? path : rel;
}

export function prepareFile(src: SourceFile, env: Env, interpolate: boolean): PrepareOutcome {
  const display = src.display;
  const start = { file: display, line: 1, column: 1 };
  const empty = (errors: ComposeFileError[]): PrepareOutcome => ({
    file: { path: src.path, display, tree: {}, format: 'spec' },
    errors,
    warnings: [],
    unset: [],
  });
  const parsed = parseYaml(src.text, display);
  if (parsed.errors.length > 0) return empty(parsed.errors);
  // as Docker Compose: an empty file is almost always the wrong file, not an empty project
  if (parsed.value === null || parsed.value === undefined) return empty([new ComposeFileError('empty compose file: expected a mapping with at least `services:`', { location: start })]);
  if (!isMapping(parsed.value)) return empty([new ComposeFileError('the top level of a compose file must be a mapping', { location: start })]);
  const warnings: string[] = [];
  let tree: Mapping = parsed.value;
  const format = detectFormat(tree);
  if (format === 'v1') {
    if (isMapping(tree.version)) warnings.push(`${display}: "version" is a mapping, so it is read as a service named "version" in a version 1 file`);
    tree = convertV1(tree);
  } else if (Object.hasOwn(tree, 'version')) {
    warnings.push(`${display}: the attribute "version" is obsolete and is ignored`);
    tree = withoutKey(tree, 'version');
  }
  let unset: readonly string[] = [];
  const errors: ComposeFileError[] = [];
  if (interpolate) {
    const r = interpolateTree(tree, (n) => env[n], display);
    errors.push(...r.errors);
    unset = r.unset;
    if (isMapping(r.value)) tree = r.value;
  }
  if (errors.length === 0) errors.push(...validateFile(tree, treeSourceMap(tree, start), display));
  return { file: { path: src.path, display, tree, format }, errors, warnings, unset };
}

/** a copy of `m` without `key`, keeping the locations of the other entries */
export function withoutKey(m: Mapping, key: string): Mapping {
  const out: Mapping = {};
  copyOwnLocation(m, out);
  for (const [k, v] of Object.entries(m)) {
    if (k === key) continue;
    out[k] = v;
    copyEntryMeta(m, k, out, k);
  }
  return out;
}
