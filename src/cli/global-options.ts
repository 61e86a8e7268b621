/**
 * Global options as Docker Compose reads them: flags first, then COMPOSE_* variables.
 * Pure: takes the raw flags and an environment, returns the resolved options.
 */
import { UsageError } from '../errors.js';
import type { BackendName } from '../runtime/runtime.js';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
export type AnsiMode = 'auto' | 'never' | 'always';

export interface RawGlobalFlags {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string[];
  profile?: string[];
  progress?: string;
  ansi?: string;
  backend?: string;
  parallel?: string;
  dryRun?: boolean;
}

export interface GlobalOptions {
  readonly files: readonly string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  readonly progress: ProgressMode;
  readonly ansi: AnsiMode;
  readonly backend: BackendName;
  readonly parallel?: number;
  readonly dryRun: boolean;
  /** COMPOSE_REMOVE_ORPHANS: `up`, `create` and `down` remove orphans without --remove-orphans */
  readonly removeOrphans: boolean;
  /** COMPOSE_IGNORE_ORPHANS: orphans are left alone without a warning */
  readonly ignoreOrphans: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const PROGRESS: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];
const ANSI: readonly AnsiMode[] = ['auto', 'never', 'always'];
const BACKENDS: readonly BackendName[] = ['native', 'docker'];

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value "${value}" for ${flag}: expected one of ${allowed.join(', ')}`);
}

/** a COMPOSE_* switch, read as Docker Compose reads one: 1, t or true, in any case */
export function envSwitch(value: string | undefined): boolean {
  return ['1', 't', 'true'].includes((value ?? '').trim().toLowerCase());
}

/**
 * What `up`, `create` and `down` do with orphan containers: the flag, else
 * COMPOSE_REMOVE_ORPHANS; COMPOSE_IGNORE_ORPHANS silences the warning, and cannot be
 * combined with removing them (as in Docker Compose).
 */
export function orphanHandling(flag: boolean | undefined, globals: Pick<GlobalOptions, 'removeOrphans' | 'ignoreOrphans'>): { removeOrphans: boolean; ignoreOrphans: boolean } {
  const removeOrphans = flag ?? globals.removeOrphans;
  if (removeOrphans && globals.ignoreOrphans) {
    throw new UsageError(`cannot combine COMPOSE_IGNORE_ORPHANS and ${flag ? '--remove-orphans' : 'COMPOSE_REMOVE_ORPHANS'}`);
  }
  return { removeOrphans, ignoreOrphans: globals.ignoreOrphans };
}

function splitList(value: string | undefined, sep: string): string[] {
  return value ? value.split(sep).filter((s) => s !== '') : [];
}

export function resolveGlobalOptions(
  flags: RawGlobalFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): GlobalOptions {
  const pathSep = env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':');
  const files = flags.file?.length ? flags.file : splitList(env.COMPOSE_FILE, pathSep);
  const envFiles = flags.envFile?.length ? flags.envFile : splitList(env.COMPOSE_ENV_FILES, ',');
  const profiles = (flags.profile?.length ? flags.profile : splitList(env.COMPOSE_PROFILES, ','))
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const progress = oneOf('--progress', flags.progress ?? env.COMPOSE_PROGRESS ?? 'auto', PROGRESS);
  let ansi = oneOf('--ansi', flags.ansi ?? env.COMPOSE_ANSI ?? 'auto', ANSI);
  if (ansi === 'auto' && env.NO_COLOR !== undefined && env.NO_COLOR !== '') ansi = 'never';
  const backend = oneOf('--backend', flags.backend ?? env.BERTH_BACKEND ?? 'native', BACKENDS);
  const parallelRaw = flags.parallel ?? env.COMPOSE_PARALLEL_LIMIT;
  let parallel: number | undefined;
  if (parallelRaw !== undefined && parallelRaw !== '') {
    parallel = Number(parallelRaw);
    if (!Number.isInteger(parallel) || (parallel < 1 && parallel !== -1)) {
      throw new UsageError(`invalid parallelism "${parallelRaw}": expected a positive whole number (or -1 for unlimited)`);
    }
  }
  return {
    files,
    projectName: flags.projectName ?? undefined,
    projectDirectory: flags.projectDirectory,
    envFiles,
    profiles,
    progress,
    ansi,
    backend,
    parallel,
    dryRun: flags.dryRun ?? false,
    removeOrphans: envSwitch(env.COMPOSE_REMOVE_ORPHANS),
    ignoreOrphans: envSwitch(env.COMPOSE_IGNORE_ORPHANS),
    env,
    cwd,
  };
}
