/**
 * Names a service uses that must exist elsewhere in the project: dependency targets,
 * networks, named volumes, secrets and configs.
 */
import { ComposeFileError } from '../../errors.js';
import type { Project, Service } from '../../model/project.js';
import { originOf } from '../normalize/origins.js';
import { formatPath, type SourceMap, type YamlPath } from '../source-map.js';
import { suggestion } from '../validate/did-you-mean.js';

type Report = (path: YamlPath, detail: string, at?: ComposeFileError['location']) => void;

const KIND_FIELD = { depends_on: 'depends_on', link: 'links', network_mode: 'network_mode', volumes_from: 'volumes_from', ipc: 'ipc', pid: 'pid' } as const;

function checkDependencies(project: Project, s: Service, report: Report): void {
  for (const d of s.dependencies) {
    if (d.service in project.services) continue;
    if (!d.required) continue;
    const path = ['services', s.name, KIND_FIELD[d.kind]];
    if (d.service in project.disabled_services) {
      const profiles = project.disabled_services[d.service]!.profiles.join(', ');
      report(path, `service "${d.service}" is needed by "${s.name}" but is disabled; enable it with a profile (${profiles})`, d.location);
    } else {
      report(path, `unknown service "${d.service}"${suggestion(d.service, Object.keys(project.services))}`, d.location);
    }
  }
}

function checkDeclared(project: Project, s: Service, report: Report): void {
  for (const net of Object.keys(s.networks)) {
    if (!(net in project.networks)) {
      report(['services', s.name, 'networks', net], `network "${net}" is not declared in the top-level networks${suggestion(net, Object.keys(project.networks))}`);
    }
  }
  s.volumes.forEach((v, i) => {
    if (v.type !== 'volume' || v.source === undefined || v.source in project.volumes) return;
    // `${...}` survives only in `config --no-interpolate`: the real source is unknown
    if (v.source.includes('${')) return;
    report(originOf(v) ?? ['services', s.name, 'volumes', i], `volume "${v.source}" is not declared in the top-level volumes${suggestion(v.source, Object.keys(project.volumes))}`);
  });
  for (const kind of ['secrets', 'configs'] as const) {
    s[kind].forEach((ref, i) => {
      if (ref.source in project[kind]) return;
      report(['services', s.name, kind, i], `${kind.slice(0, -1)} "${ref.source}" is not declared in the top-level ${kind}${suggestion(ref.source, Object.keys(project[kind]))}`);
    });
  }
}

export function checkReferences(project: Project, map: SourceMap): ComposeFileError[] {
  const errors: ComposeFileError[] = [];
  const report: Report = (path, detail, at) =>
    errors.push(new ComposeFileError(detail, { location: at ?? map.locate(path), path: formatPath(path) }));
  for (const name of Object.keys(project.services).sort()) {
    const s = project.services[name]!;
    checkDependencies(project, s, report);
    checkDeclared(project, s, report);
  }
  return errors;
}
