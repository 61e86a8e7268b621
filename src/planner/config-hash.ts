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
const IGNORED_IN_DEPLOY: ReadonlySet<string> = new Set(['replicas']);
const NOTHING: ReadonlySet<string> = new Set();

/**
 * Appends canonical JSON: object keys sorted at every level, undefined members dropped
 * (as JSON.stringify drops them), `omit` applied to the keys of this level only.
 * Written out by hand because a replacer that builds sorted copies allocates a second
 * tree per service, which dominated planning time for large projects.
 */
function write(value: unknown, omit: ReadonlySet<string>, nested: (key: string) => ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + write(value[i] ?? null, NOTHING, () => NOTHING);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || typeof member === 'function' || omit.has(key)) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, nested(key), () => NOTHING)}`;
    first = false;
  }
  return `${out}}`;
}

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  return write(value, NOTHING, () => NOTHING);
}

/** The text the hash is taken of: the service minus the fields that must not force a recreate. */
export function hashedServiceConfig(service: Service): string {
  return write(service, IGNORED, (key) => (key === 'deploy' ? IGNORED_IN_DEPLOY : NOTHING));
}

export function serviceConfigHash(service: Service): string {
  return createHash('sha256').update(hashedServiceConfig(service)).digest('hex');
}
