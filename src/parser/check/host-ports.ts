/**
 * A host port can be bound once per address and protocol: a second service (or
 * entry) publishing it would fail at start-up, so it is reported while still in the file.
 */
import { ComposeFileError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import { originOf } from '../normalize/origins.js';
import { formatPath, type SourceMap } from '../source-map.js';

/** the one host port a published spec binds, if it names exactly one */
function hostPort(published: string): number | undefined {
  // a host range for one container port means "any free one of these", not all of them
  if (published.includes('-')) return undefined;
  const a = Number(published);
  return Number.isInteger(a) && a !== 0 ? a : undefined;
}

function isWildcard(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

export function checkHostPorts(project: Project, map: SourceMap): ComposeFileError[] {
  const errors: ComposeFileError[] = [];
  const bound = new Map<string, { ip: string; owner: string }[]>();
  const names = Object.keys(project.services).sort();
  for (let n = 0; n < names.length; n++) {
    const name = names[n]!;
    const s = project.services[name]!;
    for (let i = 0; i < s.ports.length; i++) {
      const p = s.ports[i]!;
      if (p.published === undefined) continue;
      const ip = p.host_ip ?? '';
      const port = hostPort(p.published);
      if (port !== undefined) {
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
        } else bound.set(key, list.concat({ ip, owner: name }));
      }
    }
  }
  return errors;
}
