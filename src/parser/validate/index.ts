// Placeholder with the agreed contract; the schema-validation stage replaces this file.
import type { ComposeFileError } from '../../errors.js';
import type { SourceMap } from '../source-map.js';

export function validateFile(_tree: unknown, _map: SourceMap, _file: string): ComposeFileError[] {
  return [];
}
