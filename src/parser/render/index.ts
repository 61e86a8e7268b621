/** `compose config` output: the project document as YAML or JSON, and the list views. */
import type { Project } from '../../model/project.js';
import { projectDocument } from './document.js';
import { emitYaml } from './emit-yaml.js';

export type ConfigFormat = 'yaml' | 'json';

/** `$` doubled in a string value, so that reading the output again interpolates nothing */
function escapeDollars(value: string): string {
  return value.includes('$') ? value.replaceAll('$', '$$$$') : value;
}

export function renderProject(project: Project, format: ConfigFormat, o: { interpolated: boolean } = { interpolated: true }): string {
  // applied while writing rather than on a copy of the document: values only, never keys
  const strings = o.interpolated ? escapeDollars : undefined;
  if (format === 'json') {
    const replacer = strings && ((_k: string, v: unknown) => (typeof v === 'string' ? strings(v) : v));
    return `${JSON.stringify(projectDocument(project), replacer, 2)}\n`;
  }
  return emitYaml(projectDocument(project, { tidyWhileWriting: true }), strings);
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function serviceNames(project: Project): string[] {
  return Object.keys(project.services).sort();
}

/** the image each service runs; a service that is only built gets Docker Compose's `<project>-<service>` */
export function serviceImages(project: Project): string[] {
  return serviceNames(project).map((n) => project.services[n]!.image ?? `${project.name}-${n}`);
}

export function profileNames(project: Project): string[] {
  const all = [...Object.values(project.services), ...Object.values(project.disabled_services)];
  return sortedUnique(all.flatMap((s) => s.profiles));
}

export function volumeNames(project: Project): string[] {
  return Object.keys(project.volumes).sort();
}

export function networkNames(project: Project): string[] {
  return Object.keys(project.networks).sort();
}
