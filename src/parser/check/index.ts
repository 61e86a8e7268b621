// Placeholder with the agreed contract; the semantic-checks stage replaces this file.
import type { ComposeFileError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import type { SourceMap } from '../source-map.js';

export function checkProject(_project: Project, _map: SourceMap): ComposeFileError[] {
  return [];
}
