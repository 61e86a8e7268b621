/**
 * State shared by the loading stages of one `loadProject` call: where problems and
 * warnings are collected, and the cache of files already prepared (so a file named by
 * several `extends` is read and interpolated once per environment).
 */
import type { ComposeFileError } from '../errors.js';
import type { FileFormat } from '../model/project.js';
import type { Env } from './env/resolve.js';

export type Mapping = Record<string, unknown>;

/** one compose file after parsing, v1 conversion, interpolation and schema validation */
export interface PreparedFile {
  /** absolute path */
  readonly path: string;
  /** the name used in messages */
  readonly display: string;
  readonly tree: Mapping;
  readonly format: FileFormat;
}

export interface LoadContext {
  readonly cwd: string;
  /** the caller's environment (shell), which wins over every env file */
  readonly shell: Env;
  readonly interpolate: boolean;
  readonly errors: ComposeFileError[];
  readonly warnings: Set<string>;
  readonly unset: Set<string>;
  /** prepares the file at an absolute path with the given environment (cached) */
  prepare(path: string, env: Env): Promise<PreparedFile>;
}
