/**
 * What normalization receives from the loading stages: one merged, interpolated,
 * per-file-validated tree with its source map, plus the facts decided while loading.
 */
import type { FileFormat } from '../../model/project.js';
import type { SourceMap } from '../source-map.js';

export interface NormalizeInput {
  readonly name: string;
  /** absolute project directory */
  readonly workingDir: string;
  /** absolute paths of the files read, in order */
  readonly configFiles: readonly string[];
  readonly format: FileFormat;
  /** merged plain object: services/networks/volumes/secrets/configs/x-* */
  readonly tree: Record<string, unknown>;
  readonly map: SourceMap;
  /** the resolved environment (shell over .env), for env_file and relative paths */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** services disabled by their profiles */
  readonly disabledServices: readonly string[];
}
