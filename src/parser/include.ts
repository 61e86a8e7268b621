/**
 * `include`: another compose application (one or several files, its own project
 * directory and env files) whose resources are added to the including file. Its
 * relative paths stay relative to its own project directory, so they are made
 * absolute here. A resource defined both here and in an included file is an error.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { BerthError, ComposeFileError } from '../errors.js';
import type { LoadContext, Mapping, PreparedFile } from './context.js';
import { resolveEnv, type Env } from './env/resolve.js';
import { mergeFiles } from './merge/merge-files.js';
import { formatPath } from './source-map.js';
import { rebaseTree } from './rebase-paths.js';
import { copyEntryMeta, copyOwnLocation, isMapping } from './yaml/located.js';
import { treeSourceMap } from './yaml/source-map-builder.js';
import { withoutKey } from './prepare-file.js';

export type ExpandFile = (file: PreparedFile, env: Env, ctx: LoadContext, stack: readonly string[]) => Promise<Mapping>;

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

interface IncludeEntry {
  readonly paths: string[];
  readonly projectDirectory?: string;
  readonly envFiles: string[];
}

function entryOf(v: unknown): IncludeEntry | undefined {
  const list = (x: unknown) => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  if (typeof v === 'string') return { paths: [v], envFiles: [] };
  if (!isMapping(v)) return undefined;
  return {
    paths: list(v.path),
    projectDirectory: typeof v.project_directory === 'string' ? v.project_directory : undefined,
    envFiles: list(v.env_file),
  };
}

export async function resolveIncludes(file: PreparedFile, env: Env, ctx: LoadContext, stack: readonly string[], expand: ExpandFile): Promise<Mapping> {
  const includes = file.tree.include;
  if (includes === undefined || includes === null) return file.tree;
  const tree = withoutKey(file.tree, 'include');
  const map = treeSourceMap(file.tree);
  const fail = (path: (string | number)[], detail: string, atKey = false) => {
    const location = (atKey ? map.locateKey?.(path) : undefined) ?? map.locate(path);
    ctx.errors.push(new ComposeFileError(detail, { location, path: formatPath(path) }));
  };
  const entries = Array.isArray(includes) ? includes : [includes];
  const baseDir = dirname(file.path);
  for (const [i, raw] of entries.entries()) {
    const entry = entryOf(raw);
    if (!entry || entry.paths.length === 0) {
      fail(['include', i], 'an include entry must be a path or a mapping with "path"');
      continue;
    }
    const paths = entry.paths.map((p) => (isAbsolute(p) ? p : resolve(baseDir, p)));
    const cycle = paths.find((p) => stack.includes(p) || p === file.path);
    if (cycle) {
      fail(['include', i], `include cycle: ${[...stack, file.path, cycle].join(' -> ')}`);
      continue;
    }
    const projectDir = entry.projectDirectory ? resolve(baseDir, entry.projectDirectory) : dirname(paths[0] ?? file.path);
    let included: Mapping;
    try {
      const own = await resolveEnv({}, entry.envFiles.map((f) => resolve(baseDir, f)), baseDir, projectDir);
      // The including project's variables win over the included project's env files.
      const incEnv: Env = { ...own.env, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
      const trees: Mapping[] = [];
      for (const p of paths) {
        const prepared = await ctx.prepare(p, incEnv);
        trees.push(await expand(prepared, incEnv, ctx, [...stack, file.path]));
      }
      included = rebaseTree(mergeFiles(trees), projectDir);
    } catch (e) {
      if (!(e instanceof BerthError) || e instanceof ComposeFileError) throw e;
      fail(['include', i], `cannot include ${entry.paths.join(', ')}: ${e.message}`);
      continue;
    }
    for (const section of SECTIONS) {
      const from = included[section];
      if (!isMapping(from)) continue;
      const target: Mapping = isMapping(tree[section]) ? { ...(tree[section] as Mapping) } : {};
      if (isMapping(tree[section])) {
        copyOwnLocation(tree[section] as Mapping, target);
        for (const k of Object.keys(target)) copyEntryMeta(tree[section] as Mapping, k, target, k);
      }
      for (const [name, value] of Object.entries(from)) {
        if (Object.hasOwn(target, name) && JSON.stringify(target[name]) !== JSON.stringify(value)) {
          fail([section, name], `is defined here and also imported by include[${i}] (${entry.paths.join(', ')})`, true);
          continue;
        }
        target[name] = value;
        copyEntryMeta(from, name, target, name);
      }
      tree[section] = target;
    }
  }
  return tree;
}
