/** `compose config` output: the project document as YAML or JSON, and the list views. */
import type { Project } from '../../model/project.js';
import { projectDocument } from './document.js';
import { emitYaml } from './emit-yaml.js';

export type ConfigFormat = 'yaml' | 'json';

/** `$` doubled in every string, so that reading the output again interpolates nothing */
function escapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = escapeDollars(v);
  return out;
}

export function renderProject(project: Project, format: ConfigFormat, o: { interpolated: boolean } = { interpolated: true }): string {
  const doc = o.interpolated ? escapeDollars(projectDocument(project)) : projectDocument(project);
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return emitYaml(doc as Record<string, unknown>);
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
