/**
 * The config hash stored on each container (label com.docker.compose.config-hash), with
 * Docker Compose's semantics: a container whose hash differs from the service's current
 * one is recreated. Fields that say how many containers to run, when to start them or
 * where the service was written must not force a recreate, or running `compose up` twice
 * would change something the second time; build and pull_policy are left out too, since
 * a new build shows up as a new image instead.
 * The value is not byte-identical to Docker Compose's (Go and JSON field layouts differ),
 * so a container created by one tool looks changed to the other once.
 */
import { createHash } from 'node:crypto';
import type { Service } from '../model/project.js';

const IGNORED: ReadonlySet<string> = new Set(['scale', 'depends_on', 'dependencies', 'profiles', 'location', 'build', 'pull_policy']);

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** What the hash covers: the service minus the fields that must not force a recreate. */
export function hashedServiceConfig(service: Service): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(service)) if (!IGNORED.has(k)) out[k] = v;
  if (service.deploy) {
    const { replicas: _replicas, ...deploy } = service.deploy;
    out.deploy = deploy;
  }
  return out;
}

export function serviceConfigHash(service: Service): string {
  return createHash('sha256').update(canonicalJson(hashedServiceConfig(service))).digest('hex');
}
