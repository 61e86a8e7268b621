/** One service: defaults, then each written field through its table entry. */
import type { FileFormat, Service } from '../../model/project.js';
import { serviceDefaults } from '../../model/service-defaults.js';
import { fail, isRecord, type NormalizeContext } from './context.js';
import { collectDependencies, normalizeDependsOn, normalizeLinks } from './dependencies.js';
import { normalizeEnvironment } from './environment.js';
import { COMBINED_FIELDS, SERVICE_FIELDS } from './service-fields.js';


export function normalizeService(
  name: string,
  rawValue: unknown,
  ctx: NormalizeContext,
  format: FileFormat,
): Service {
  const raw = isRecord(rawValue) ? rawValue : {};
  const path = ['services', name];
  // for-in and array literals rather than for-of over entries and spreads: this runs for
  // every field of every service, in cold code, where those allocate at each step
  if (raw.network_mode !== undefined && raw.networks !== undefined && raw.networks !== null) {
    fail(ctx, [...path, 'networks'], 'network_mode and networks cannot be used together');
  }
  const out = serviceDefaults(name);
  const extensions: Record<string, unknown> = {};
  for (const field in raw) {
    const value = raw[field];
    const normalizer = SERVICE_FIELDS[field];
    if (normalizer) {
      if (value !== null || field === 'command' || field === 'entrypoint') {
        Object.assign(out, normalizer(value, ctx, ['services', name, field], field));
      }
    } else if (!COMBINED_FIELDS.has(field)) {
      extensions[field] = value;
    }
  }
  Object.assign(out, normalizeEnvironment(raw, ctx, path));
  const dependsOn = normalizeDependsOn(raw.depends_on);
  const links = normalizeLinks(raw.links);
  out.depends_on = dependsOn;
  out.links = links;
  out.dependencies = collectDependencies(raw, dependsOn, links, ctx, path);
  // a service joins the project's default network unless it says otherwise; v1 files have no networks at all
  const hasNetworks = Object.keys(out.networks as object).length > 0;
  if (out.network_mode === undefined && (!hasNetworks || format === 'v1')) out.networks = { default: { aliases: [] } };
  if (out.network_mode !== undefined) out.networks = {};
  out.extensions = extensions;
  const location = ctx.map.locate(path);
  if (location) out.location = location;
  return out as unknown as Service;
}
