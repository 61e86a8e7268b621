/**
 * Loads a project: the one function that sequences the parser's stages.
 * Stage order and the reason for it are in src/parser/README.md.
 */
import { basename, dirname, resolve } from 'node:path';
import { ComposeFileError, ComposeFileErrors } from '../errors.js';
import { formatLocation } from '../model/location.js';
import type { Project } from '../model/project.js';
import { checkProject } from './check/index.js';
import type { LoadContext, Mapping, PreparedFile } from './context.js';
import { resolveEnv, type Env } from './env/resolve.js';
import { expandFile } from './expand-file.js';
import { mergeFiles } from './merge/merge-files.js';
import { normalizeProject } from './normalize/index.js';
import { displayName, prepareFile, withoutKey } from './prepare-file.js';
import { disabledServices } from './profiles.js';
import { chooseProjectName, nameForInterpolation } from './project-name.js';
import { discover } from './sources/discover.js';
import { readSource, type SourceFile } from './sources/read.js';
import { isMapping, valueLocation } from './yaml/located.js';
import { treeSourceMap } from './yaml/source-map-builder.js';

export interface LoadOptions {
  /** -f files as given (relative to cwd), "-" for stdin; empty means discovery */
  readonly files: readonly string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  /** services named on the command line: enables their profiles */
  readonly selectedServices?: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** false for `config --no-interpolate` */
  readonly interpolate?: boolean;
  /** read stdin for "-" */
  readonly readStdin?: () => Promise<string>;
  /** told the total size of the compose files once they are read, before any parsing */
  readonly onSourcesRead?: (bytes: number) => void;
}

export interface LoadResult {
  readonly project: Project;
  /** notices and warnings, worded for people, already de-duplicated */
  readonly warnings: readonly string[];
}

function throwCollected(errors: readonly ComposeFileError[]): void {
  // One message per location: a later stage may re-report what an earlier one found.
  const seen = new Set<string>();
  const where = (e: ComposeFileError) => (e.location ? `${formatLocation(e.location)} ${e.path}` : e.message);
  const unique = errors.filter((e) => !seen.has(where(e)) && seen.add(where(e)));
  if (unique.length === 1 && unique[0]) throw unique[0];
  if (unique.length > 1) throw new ComposeFileErrors(unique);
}

function newContext(options: LoadOptions): LoadContext {
  const cache = new Map<string, Promise<PreparedFile>>();
  const envIds = new WeakMap<Env, number>();
  let nextEnvId = 0;
  const ctx: LoadContext = {
    cwd: options.cwd,
    shell: options.env,
    interpolate: options.interpolate !== false,
    errors: [],
    warnings: new Set(),
    unset: new Set(),
    prepare(path, env) {
      if (!envIds.has(env)) envIds.set(env, nextEnvId++);
      const key = `${path}\0${String(envIds.get(env))}`;
      let p = cache.get(key);
      if (!p) {
        p = readSource(path, options.cwd).then((src) => {
          const r = prepareFile({ ...src, display: displayName(src.path, options.cwd) }, env, ctx.interpolate);
          ctx.errors.push(...r.errors);
          r.warnings.forEach((w) => ctx.warnings.add(w));
          r.unset.forEach((n) => ctx.unset.add(n));
          return r.file;
        });
        cache.set(key, p);
      }
      return p;
    },
  };
  return ctx;
}

/**
 * COMPOSE_FILE may also be set in the working directory's .env (the shell's value has
 * already become `files`); its paths are relative to that directory.
 */
async function composeFileFromDotenv(options: LoadOptions, dir: string): Promise<string[]> {
  if (options.envFiles.length > 0) return [];
  const { env } = await resolveEnv({}, [], dir, dir);
  const list = env.COMPOSE_FILE;
  if (!list) return [];
  const sep = env.COMPOSE_PATH_SEPARATOR || options.env.COMPOSE_PATH_SEPARATOR || ':';
  return list.split(sep).filter(Boolean).map((f) => resolve(dir, f));
}

export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  const ctx = newContext(options);
  const cwd = options.cwd;
  const explicitDir = options.projectDirectory ? resolve(cwd, options.projectDirectory) : undefined;

  // 1. Which files, and the project directory they imply.
  let files: string[];
  const fromDotenv = options.files.length > 0 ? [] : await composeFileFromDotenv(options, explicitDir ?? cwd);
  if (options.files.length > 0) {
    files = [...options.files];
  } else if (fromDotenv.length > 0) {
    files = fromDotenv;
  } else {
    const found = await discover(explicitDir ?? cwd);
    found.warnings.forEach((w) => ctx.warnings.add(w));
    files = [...found.files];
  }
  const first = files[0] ?? '';
  const projectDir = explicitDir ?? (first === '-' ? cwd : dirname(resolve(cwd, first)));

  // 2. The environment: shell over env files; it feeds interpolation and COMPOSE_* settings.
  const resolvedEnv = await resolveEnv(options.env, options.envFiles, cwd, projectDir);
  const env: Env = resolvedEnv.env;
  resolvedEnv.unset.forEach((n) => ctx.unset.add(n));

  // 3. Per file: read, parse, v1, interpolate, validate. All files first, so that every
  //    file's mistakes are reported together.
  const sources: SourceFile[] = [];
  for (const f of files) sources.push(await readSource(f, cwd, options.readStdin));
  options.onSourcesRead?.(sources.reduce((n, s) => n + s.text.length, 0));
  const interpEnv: Env = {
    ...env,
    COMPOSE_PROJECT_NAME: nameForInterpolation(options.projectName, env.COMPOSE_PROJECT_NAME, sources.map((s) => s.text), basename(projectDir)),
  };
  const prepared: PreparedFile[] = [];
  for (const [i, src] of sources.entries()) {
    const display = files[i] === '-' ? '-' : displayName(src.path, cwd);
    const r = prepareFile({ ...src, display }, interpEnv, ctx.interpolate);
    ctx.errors.push(...r.errors);
    r.warnings.forEach((w) => ctx.warnings.add(w));
    r.unset.forEach((n) => ctx.unset.add(n));
    prepared.push(r.file);
  }
  throwCollected(ctx.errors);

  const formats = new Set(prepared.map((p) => p.format));
  if (formats.size > 1) {
    const v1 = prepared.find((p) => p.format === 'v1');
    const spec = prepared.find((p) => p.format === 'spec');
    throw new ComposeFileError(`${v1?.display} uses the version 1 format and ${spec?.display} does not; files of both formats cannot be merged`, {
      location: v1 ? { file: v1.display, line: 1, column: 1 } : undefined,
    });
  }
  const format = prepared[0]?.format ?? 'spec';

  // 4. Per file: include, then extends.
  const expanded: Mapping[] = [];
  for (const p of prepared) expanded.push(await expandFile(p, interpEnv, ctx, []));
  throwCollected(ctx.errors);

  // 5. Merge the files, then decide the name and the profiles on the merged result.
  const merged = mergeFiles(expanded);
  const name = chooseProjectName({
    flag: options.projectName,
    env: env.COMPOSE_PROJECT_NAME,
    fromFile: { value: merged.name, location: isMapping(merged) ? valueLocation(merged, 'name') : undefined },
    directoryName: basename(projectDir),
  });
  const tree = withoutKey(merged, 'name');
  const profiles = options.profiles.length > 0 ? options.profiles : (env.COMPOSE_PROFILES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const services = isMapping(tree.services) ? tree.services : {};
  const disabled = disabledServices(services, profiles, options.selectedServices ?? []);

  for (const n of ctx.unset) ctx.warnings.add(`the "${n}" variable is not set; defaulting to a blank string`);

  // 6. Normalize to the model, then the checks that need the whole project.
  const map = treeSourceMap(tree);
  const project = normalizeProject({
    name,
    workingDir: projectDir,
    configFiles: prepared.map((p) => p.path),
    format,
    tree,
    map,
    env,
    disabledServices: disabled,
  });
  throwCollected(checkProject(project, map));
  return { project, warnings: [...ctx.warnings] };
}
