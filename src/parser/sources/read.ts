/**
 * Reads the compose files the user named (or discovery found) into memory.
 * `-` means stdin; its path for messages and relative paths is the working directory.
 */
// synchronous reads: a CLI reads a few small files, and node:fs/promises alone (with the
// stream and readline modules it loads) cost `compose config` more start-up time than they save
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';

export interface SourceFile {
  /** absolute path (for stdin: <cwd>/-) */
  readonly path: string;
  /** the name used in messages: as given on the command line, or the discovered path */
  readonly display: string;
  readonly text: string;
}

export async function readSource(given: string, cwd: string, readStdin?: () => Promise<string>): Promise<SourceFile> {
  if (given === '-') {
    if (!readStdin) throw new UsageError('reading a compose file from stdin ("-f -") is not supported here');
    return { path: join(cwd, '-'), display: '-', text: await readStdin() };
  }
  const path = isAbsolute(given) ? given : resolve(cwd, given);
  try {
    return { path, display: given, text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`compose file ${given} not found`);
    if (code === 'EISDIR') throw new UsageError(`compose file ${given} is a directory`);
    throw new UsageError(`cannot read compose file ${given}: ${(e as Error).message}`);
  }
}
