/**
 * The labels that make a container part of a project, written the way Docker Compose
 * writes them so that each tool lists and takes down the other's containers. Every
 * backend stores these; `observe` reads them back.
 */
import { COMPOSE_LABEL_VERSION, LABEL } from '../model/labels.js';
import type { Project, Service } from '../model/project.js';
import type { ContainerSpec } from './runtime.js';

/** `<project>-<service>-<n>` unless the service fixes its own name (then it cannot scale). */
export function containerName(project: Project | string, service: Service, n: number): string {
  if (service.container_name) return service.container_name;
  const name = typeof project === 'string' ? project : project.name;
  return `${name}-${service.name}-${n}`;
}

/** Docker Compose's depends_on label: `svc:condition:restart` joined by commas. */
export function dependsOnLabel(service: Service): string {
  return Object.entries(service.depends_on)
    .map(([name, d]) => `${name}:${d.condition}:${d.restart}`)
    .sort()
    .join(',');
}

export function composeLabels(spec: ContainerSpec): Record<string, string> {
  const { project, service } = spec;
  return {
    ...service.labels,
    ...spec.labels,
    [LABEL.project]: project.name,
    [LABEL.service]: service.name,
    [LABEL.number]: String(spec.number),
    [LABEL.oneoff]: spec.oneoff ? 'True' : 'False',
    [LABEL.configHash]: spec.configHash,
    [LABEL.workingDir]: project.working_dir,
    [LABEL.configFiles]: project.config_files.join(','),
    [LABEL.version]: COMPOSE_LABEL_VERSION,
    [LABEL.dependsOn]: dependsOnLabel(service),
  };
}

export function networkLabels(project: Project, key: string): Record<string, string> {
  return {
    ...(project.networks[key]?.labels ?? {}),
    [LABEL.project]: project.name,
    [LABEL.network]: key,
    [LABEL.version]: COMPOSE_LABEL_VERSION,
  };
}

export function volumeLabels(project: Project, key: string): Record<string, string> {
  return {
    ...(project.volumes[key]?.labels ?? {}),
    [LABEL.project]: project.name,
    [LABEL.volume]: key,
    [LABEL.version]: COMPOSE_LABEL_VERSION,
  };
}
