/**
 * Semantic checks on the normalized project: what the schema cannot see because it
 * spans fields or services. Returns every problem found, in file order.
 */
import { ComposeFileError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import { formatPath, type SourceMap } from '../source-map.js';
import { findCycles } from './cycles.js';
import { checkHostPorts } from './host-ports.js';
import { IMAGE_REFERENCE_FORM, isValidImageReference } from './image-reference.js';
import { checkReferences } from './references.js';

function located(map: SourceMap, path: (string | number)[], detail: string): ComposeFileError {
  return new ComposeFileError(detail, { location: map.locate(path), path: formatPath(path) });
}

function checkServices(project: Project, map: SourceMap): ComposeFileError[] {
  const errors: ComposeFileError[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const s = project.services[name]!;
    if (s.image === undefined && s.build === undefined) {
      errors.push(located(map, ['services', name], 'a service needs an image or a build context'));
    }
    // `${...}` survives only in `config --no-interpolate`, where the real value is unknown
    if (s.image !== undefined && !s.image.includes('${') && !isValidImageReference(s.image)) {
      errors.push(located(map, ['services', name, 'image'], `invalid image reference "${s.image}": ${IMAGE_REFERENCE_FORM}`));
    }
  }
  return errors;
}

function checkCycles(project: Project, map: SourceMap): ComposeFileError[] {
  return findCycles(project).map((cycle) => {
    const [from, to] = cycle as [string, string];
    const edge = project.services[from]?.dependencies.find((d) => d.service === to);
    return new ComposeFileError(`dependency cycle: ${cycle.join(' -> ')}`, {
      location: edge?.location ?? map.locate(['services', from]),
      path: formatPath(['services', from]),
    });
  });
}

function byLocation(a: ComposeFileError, b: ComposeFileError): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? -1 : lb ? 1 : 0;
  return la.file.localeCompare(lb.file) || la.line - lb.line || la.column - lb.column;
}

export function checkProject(project: Project, map: SourceMap): ComposeFileError[] {
  return [
    ...checkServices(project, map),
    ...checkReferences(project, map),
    ...checkHostPorts(project, map),
    ...checkCycles(project, map),
  ].sort(byLocation);
}
