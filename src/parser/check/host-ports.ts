/**
 * A host port can be bound once per address and protocol: a second service (or
 * entry) publishing it would fail at start-up, so it is reported while still in the file.
 */
import { ComposeFileError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import { originOf } from '../normalize/origins.js';
import { formatPath, type SourceMap } from '../source-map.js';

function hostPorts(published: string): number[] {
  const [a, b] = published.split('-').map(Number);
  if (a === undefined || !Number.isInteger(a) || a === 0) return [];
  // a host range for one container port means "any free one of these", not all of them
  return b === undefined ? [a] : [];
}

function isWildcard(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

export function checkHostPorts(project: Project, map: SourceMap): ComposeFileError[] {
  const errors: ComposeFileError[] = [];
  const bound = new Map<string, { ip: string; owner: string }[]>();
  for (const name of Object.keys(project.services).sort()) {
    const s = project.services[name]!;
    s.ports.forEach((p, i) => {
      if (p.published === undefined) return;
      const ip = p.host_ip ?? '';
      for (const port of hostPorts(p.published)) {
        const key = `${port}/${p.protocol}`;
        const list = bound.get(key) ?? [];
        // a wildcard address clashes with every address
        const clash = list.find((b) => b.ip === ip || isWildcard(b.ip) || isWildcard(ip));
        if (clash) {
          const path = originOf(p) ?? ['services', name, 'ports', i];
          const by = clash.owner === name ? 'this service' : `service "${clash.owner}"`;
          errors.push(
            new ComposeFileError(`host port ${key} is already published by ${by}`, {
              location: map.locate(path),
              path: formatPath(path),
            }),
          );
        } else bound.set(key, [...list, { ip, owner: name }]);
      }
    });
  }
  return errors;
}
