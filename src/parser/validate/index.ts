/**
 * Schema validation of one compose file, after interpolation (the schema needs real
 * booleans and numbers) and before merging (so each error names the file that holds it).
 */
import { ComposeFileError } from '../../errors.js';
import { formatPath, type SourceMap } from '../source-map.js';
import { loadValidator } from './compiled.js';
import { humanize } from './humanize.js';

export function validateFile(tree: unknown, map: SourceMap, file: string): ComposeFileError[] {
  const validate = loadValidator();
  if (validate(tree)) return [];
  const errors = humanize(validate.errors ?? [], tree).map((issue) => {
    const at = issue.atKey && map.locateKey ? map.locateKey(issue.locatePath) : map.locate(issue.locatePath);
    const location = at ?? { file, line: 1, column: 1 };
    return new ComposeFileError(issue.message, { location, path: formatPath(issue.path) || undefined });
  });
  // file order, so a reader fixes them top to bottom
  return errors.sort((a, b) => (a.location!.line - b.location!.line) || (a.location!.column - b.location!.column));
}
