/**
 * Tells the legacy version-1 format (services as top-level keys) from the Compose
 * Specification, the way docker-compose 1.x did: a file is v1 when it has no truthy
 * `version` and no truthy `services`, `networks` or `volumes`; a `version` that is a
 * mapping is a service called "version". We add one guard 1.x did not need: top-level
 * keys that only the specification has (`name`, `include`, `secrets`, `configs`,
 * non-mapping values) mean the file is not v1, so an include-only file stays a spec file.
 */
import { isMapping } from '../yaml/located.js';

export type DetectedFormat = 'spec' | 'v1';

const SPEC_ONLY = ['name', 'include', 'secrets', 'configs', 'models'];

export function detectFormat(tree: unknown): DetectedFormat {
  if (!isMapping(tree)) return 'spec';
  const truthy = (k: string) => {
    const v = tree[k];
    if (v === undefined || v === null || v === false || v === '' || v === 0) return false;
    return !(isMapping(v) && Object.keys(v).length === 0) && !(Array.isArray(v) && v.length === 0);
  };
  if (isMapping(tree.version)) return 'v1';
  // `services: {}` or a bare `services:` is an empty specification project, not a v1
  // service called "services"
  const services = tree.services;
  if (services === null || (isMapping(services) && Object.keys(services).length === 0)) return 'spec';
  if (truthy('version') || truthy('services') || truthy('networks') || truthy('volumes')) return 'spec';
  const keys = Object.keys(tree).filter((k) => !k.startsWith('x-') && k !== 'version');
  if (keys.length === 0) return 'spec';
  if (keys.some((k) => SPEC_ONLY.includes(k))) return 'spec';
  return keys.every((k) => isMapping(tree[k])) ? 'v1' : 'spec';
}
