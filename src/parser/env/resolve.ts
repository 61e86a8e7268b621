/**
 * The environment a project is interpolated with: the variables of the env files
 * (`--env-file`s in order, else the project directory's `.env`), overridden by the
 * shell's environment.
 */
// synchronous, as in sources/read.ts: no node:fs/promises on the start-up path
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ComposeFileError, ComposeFileErrors, UsageError } from '../../errors.js';
import { parseDotenv } from './dotenv.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ResolvedEnv {
  readonly env: Record<string, string | undefined>;
  /** absolute paths of the env files read */
  readonly files: readonly string[];
  readonly unset: readonly string[];
}

async function isFile(p: string): Promise<boolean> {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

export async function resolveEnv(shell: Env, envFiles: readonly string[], cwd: string, projectDir: string): Promise<ResolvedEnv> {
  const explicit = envFiles.length > 0;
  const candidates = explicit ? envFiles.map((f) => (isAbsolute(f) ? f : resolve(cwd, f))) : [join(projectDir, '.env')];
  const fromFiles: Record<string, string> = {};
  const read: string[] = [];
  const unset: string[] = [];
  const errors: ComposeFileError[] = [];
  for (const file of candidates) {
    if (!(await isFile(file))) {
      if (explicit) throw new UsageError(`env file ${file} not found`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    // Later files see earlier files' variables; the shell still wins over all of them.
    const parsed = parseDotenv(text, (n) => shell[n] ?? fromFiles[n]);
    for (const p of parsed.problems) errors.push(new ComposeFileError(p.message, { location: { file, line: p.line, column: p.column } }));
    Object.assign(fromFiles, parsed.vars);
    unset.push(...parsed.unset);
    read.push(file);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new ComposeFileErrors(errors);
  }
  const env: Record<string, string | undefined> = { ...fromFiles };
  for (const [k, v] of Object.entries(shell)) if (v !== undefined) env[k] = v;
  return { env, files: read, unset };
}
