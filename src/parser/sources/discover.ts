/**
 * Which files make the project when no `-f` is given: the first directory, from the
 * working directory up to the root, holding one of the default names; its override
 * file (if any) is added after it.
 */
// synchronous, as in read.ts: no node:fs/promises on the start-up path
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../../errors.js';

export const DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
export const OVERRIDE_NAMES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

export interface Discovered {
  /** absolute paths: the main file, then its override if present */
  readonly files: readonly string[];
  readonly directory: string;
  readonly warnings: readonly string[];
}

async function existing(dir: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const n of names) {
    try {
      if (statSync(join(dir, n), { throwIfNoEntry: false })?.isFile()) found.push(n);
    } catch {
      // absent
    }
  }
  return found;
}

export async function discover(cwd: string): Promise<Discovered> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = await existing(dir, DEFAULT_NAMES);
    const [main] = found;
    if (main !== undefined) {
      const warnings: string[] = [];
      if (found.length > 1) warnings.push(`found multiple config files with supported names: ${found.map((f) => join(dir, f)).join(', ')}; using ${join(dir, main)}`);
      const overrides = await existing(dir, OVERRIDE_NAMES);
      const [override] = overrides;
      if (overrides.length > 1 && override !== undefined) {
        warnings.push(`found multiple override files with supported names: ${overrides.map((f) => join(dir, f)).join(', ')}; using ${join(dir, override)}`);
      }
      const files = [join(dir, main), ...(override !== undefined ? [join(dir, override)] : [])];
      return { files, directory: dir, warnings };
    }
    if (dirname(dir) === dir) break;
  }
  throw new UsageError(`no configuration file provided: not found in ${cwd} or any parent directory (looked for ${DEFAULT_NAMES.join(', ')})`);
}
