/**
 * Every edge of a service in the dependency graph, folded into one list so the planner
 * reads one field: depends_on (list or map), links, network_mode/ipc/pid `service:x`
 * and volumes_from. Each edge keeps where it was written, for messages.
 */
import type { Dependency, DependencyCondition, DependsOn } from '../../model/project.js';
import { isRecord, scalarString, type NormalizeContext } from './context.js';
import type { YamlPath } from '../source-map.js';
import { parseBool } from './units.js';

export function normalizeDependsOn(value: unknown): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = {};
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) out[scalarString(value[i])] = { condition: 'service_started', required: true, restart: false };
  } else if (isRecord(value)) {
    for (const name in value) {
      const spec = value[name];
      const s = isRecord(spec) ? spec : {};
      out[name] = {
        condition: (typeof s.condition === 'string' ? s.condition : 'service_started') as DependencyCondition,
        required: parseBool(s.required) ?? true,
        restart: parseBool(s.restart) ?? false,
      };
    }
  }
  return out;
}

/** `db` or `db:alias`; the alias defaults to the service name */
export function normalizeLinks(value: unknown): { service: string; alias: string }[] {
  if (!Array.isArray(value)) return [];
  return value.map((l) => {
    const [service = '', alias] = scalarString(l).split(':');
    return { service, alias: alias || service };
  });
}

/** `service:x` names a service; `container:x` and the rest do not */
export function serviceReference(value: unknown): string | undefined {
  const s = typeof value === 'string' ? value : '';
  return s.startsWith('service:') ? s.slice('service:'.length) : undefined;
}

export function collectDependencies(
  raw: Record<string, unknown>,
  dependsOn: Readonly<Record<string, DependsOn>>,
  links: readonly { service: string; alias: string }[],
  ctx: NormalizeContext,
  path: YamlPath,
): Dependency[] {
  const at = (...rest: (string | number)[]) => ctx.map.locate([...path, ...rest]);
  const started = { condition: 'service_started', required: true, restart: false } as const;
  const out: Dependency[] = [];
  for (const service in dependsOn) {
    const d = dependsOn[service]!;
    const key = Array.isArray(raw.depends_on) ? raw.depends_on.indexOf(service) : service;
    out.push({ service, kind: 'depends_on', ...d, location: at('depends_on', key) });
  }
  links.forEach((l, i) => out.push({ service: l.service, kind: 'link', ...started, alias: l.alias, location: at('links', i) }));
  for (const kind of ['network_mode', 'ipc', 'pid'] as const) {
    const target = serviceReference(raw[kind]);
    if (target !== undefined) out.push({ service: target, kind, ...started, location: at(kind) });
  }
  if (Array.isArray(raw.volumes_from)) {
    raw.volumes_from.forEach((v, i) => {
      const s = scalarString(v);
      if (s.startsWith('container:')) return;
      out.push({ service: s.split(':')[0]!, kind: 'volumes_from', ...started, location: at('volumes_from', i) });
    });
  }
  return out;
}
