/**
 * The project name: `-p` > COMPOSE_PROJECT_NAME > top-level `name:` > the project
 * directory's name. Explicit names must already be valid; the directory name is
 * normalized because the user never chose it.
 */
import { ComposeFileError, UsageError } from '../errors.js';
import type { SourceLocation } from '../model/location.js';
import { parseYaml } from './yaml/parse.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;
const RULE = 'it must contain only lowercase letters, digits, dashes and underscores, and start with a letter or digit';

export function normalizeDirectoryName(dir: string): string {
  return dir.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export interface NameSources {
  readonly flag?: string;
  readonly env?: string;
  readonly fromFile?: { readonly value: unknown; readonly location?: SourceLocation };
  readonly directoryName: string;
}

export function chooseProjectName(s: NameSources): string {
  if (s.flag !== undefined && s.flag !== '') {
    if (!VALID.test(s.flag)) throw new UsageError(`invalid project name "${s.flag}" (from -p): ${RULE}`);
    return s.flag;
  }
  if (s.env !== undefined && s.env !== '') {
    if (!VALID.test(s.env)) throw new UsageError(`invalid project name "${s.env}" (from COMPOSE_PROJECT_NAME): ${RULE}`);
    return s.env;
  }
  const fromFile = s.fromFile?.value;
  if (fromFile !== undefined && fromFile !== null && fromFile !== '') {
    if (typeof fromFile !== 'string' || !VALID.test(fromFile)) {
      throw new ComposeFileError(`invalid project name "${String(fromFile)}": ${RULE}`, { location: s.fromFile?.location, path: 'name' });
    }
    return fromFile;
  }
  const name = normalizeDirectoryName(s.directoryName);
  if (name === '') {
    throw new UsageError(`cannot derive a project name from directory "${s.directoryName}": use -p or COMPOSE_PROJECT_NAME (${RULE})`);
  }
  return name;
}

/**
 * Files may use ${COMPOSE_PROJECT_NAME}, and Compose resolves it to the project name,
 * which depends on `name:`, which is only known after interpolation. So, as Compose
 * does, the name is settled before interpolating: from -p or the environment, else a
 * literal `name:` of the last file that has one, else the directory.
 */
export function nameForInterpolation(flag: string | undefined, envName: string | undefined, texts: readonly string[], directoryName: string): string {
  if (flag) return flag;
  if (envName) return envName;
  let fromFile: string | undefined;
  for (const text of texts) {
    if (!/^name\s*:/m.test(text)) continue;
    try {
      const doc = parseYaml(text, '').value;
      const name = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).name : undefined;
      if (typeof name === 'string' && !name.includes('$')) fromFile = name;
    } catch {
      // the parse stage reports it
    }
  }
  return fromFile ?? normalizeDirectoryName(directoryName);
}
