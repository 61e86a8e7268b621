/**
 * What a backend does not support is not an error: the user is told once per field,
 * by its spec name, and the rest of the project still comes up (as Docker Compose does
 * with fields the Engine ignores).
 */
import type { Project, Service } from '../model/project.js';
import type { Capabilities } from './runtime.js';

/** Fields that hold no value when they are empty arrays/maps or false. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Model keys that are bookkeeping, not configuration a backend could ignore. */
const NOT_FIELDS: ReadonlySet<string> = new Set(['name', 'location', 'extensions', 'dependencies', 'profiles']);

/** The set service fields a backend does not honour, as `services.<name>.<field>`, sorted. */
export function unsupportedFields(project: Project, capabilities: Capabilities): string[] {
  const out: string[] = [];
  for (const service of Object.values(project.services)) {
    for (const field of serviceFieldsSet(service)) {
      if (!capabilities.serviceFields.has(field)) out.push(`services.${service.name}.${field}`);
    }
  }
  return out.sort();
}

export function serviceFieldsSet(service: Service): string[] {
  return Object.entries(service)
    .filter(([key, value]) => !NOT_FIELDS.has(key) && isSet(value))
    .map(([key]) => key);
}

/** Returns a function that warns about each unsupported field at most once over its life. */
export function makeUnsupportedWarner(backend: string, warn: (message: string) => void) {
  const seen = new Set<string>();
  return (project: Project, capabilities: Capabilities): void => {
    for (const path of unsupportedFields(project, capabilities)) {
      if (seen.has(path)) continue;
      seen.add(path);
      warn(`${path} is not supported by the ${backend} backend and is ignored`);
    }
    for (const service of Object.values(project.services)) {
      for (const message of capabilities.serviceWarnings?.(service) ?? []) {
        if (seen.has(message)) continue;
        seen.add(message);
        warn(message);
      }
    }
  };
}
