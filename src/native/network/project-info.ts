/**
 * What attach needs of a service beyond what the container part hands over (ports, links,
 * DNS options, extra_hosts), recorded per project when its networks are ensured, so a
 * later `start` in another process can still publish ports and answer link aliases.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortConfig, Project } from '../../model/project.js';
import { networkDir } from './state.js';

export interface ServiceInfo {
  readonly ports: readonly PortConfig[];
  /** alias -> service */
  readonly links: Readonly<Record<string, string>>;
  readonly extra_hosts: readonly string[];
  readonly dns_search: readonly string[];
  readonly dns_opt: readonly string[];
}

export interface ProjectInfo {
  /** compose network key -> engine-level name */
  readonly networks: Readonly<Record<string, string>>;
  readonly services: Readonly<Record<string, ServiceInfo>>;
}

export function projectInfoOf(project: Project): ProjectInfo {
  return {
    networks: Object.fromEntries(Object.entries(project.networks).map(([k, n]) => [k, n.name])),
    services: Object.fromEntries(
      Object.values(project.services).map((s) => [
        s.name,
        {
          ports: s.ports,
          links: Object.fromEntries(s.links.map((l) => [l.alias, l.service])),
          extra_hosts: s.extra_hosts,
          dns_search: s.dns_search,
          dns_opt: s.dns_opt,
        },
      ]),
    ),
  };
}

const file = (root: string, project: string) => join(networkDir(root), 'projects', `${encodeURIComponent(project)}.json`);

export function saveProjectInfo(root: string, name: string, info: ProjectInfo): void {
  mkdirSync(join(networkDir(root), 'projects'), { recursive: true });
  const tmp = `${file(root, name)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info));
  renameSync(tmp, file(root, name));
}

export function loadProjectInfo(root: string, name: string): ProjectInfo | undefined {
  try {
    return JSON.parse(readFileSync(file(root, name), 'utf8')) as ProjectInfo;
  } catch {
    return undefined;
  }
}
