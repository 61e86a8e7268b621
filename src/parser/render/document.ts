/**
 * The project as `compose config` prints it, in Docker Compose's shape: the model
 * minus what is derived (dependencies, locations), durations back in Go's syntax,
 * defaults that go without saying left out, and every mapping's keys sorted so the
 * output diffs cleanly. Everything printed reads back to the same project.
 */
import type { Project, Service } from '../../model/project.js';
import { formatDuration } from '../normalize/units.js';

type Doc = Record<string, unknown>;

/** model fields that are derived or already folded into others */
const HIDDEN_SERVICE_FIELDS: ReadonlySet<string> = new Set(['name', 'dependencies', 'location', 'extensions', 'env_file']);
/** booleans whose false is the default and not worth a line */
const QUIET_FALSE: ReadonlySet<string> = new Set([
  'privileged', 'read_only', 'stdin_open', 'tty', 'internal', 'external', 'disable', 'create_host_path', 'nocopy', 'restart',
]);

/** an empty command or entrypoint (`[]`) overrides the image's, so it is printed */
const KEEP_EMPTY: ReadonlySet<string> = new Set(['command', 'entrypoint']);

function durations(obj: Doc | undefined, keys: readonly string[]): Doc | undefined {
  if (!obj) return obj;
  const out = { ...obj };
  for (const k of keys) if (typeof out[k] === 'number') out[k] = formatDuration(out[k] as number);
  return out;
}

function isEmptyMapping(v: object): boolean {
  for (const _ in v) return false;
  return true;
}

/** drops empty lists/maps and quiet falses, sorts keys; `keepEmpty` keeps `[]` where it means something */
function tidy(value: unknown, keepEmpty?: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    // lists of scalars (most of them) are shared as they are: the model is read-only
    return value.some((v) => v !== null && typeof v === 'object') ? value.map((v) => tidy(v)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Doc = {};
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  for (const k of keys) {
    const raw = (value as Doc)[k];
    // what tidies away anyway is dropped before recursing: most of a service's fields are empty
    if (raw === undefined || (raw === false && QUIET_FALSE.has(k))) continue;
    if (Array.isArray(raw) ? raw.length === 0 && !keepEmpty?.has(k) : raw !== null && typeof raw === 'object' && isEmptyMapping(raw)) continue;
    const v = tidy(raw);
    if (v === undefined) continue;
    if (v === false && QUIET_FALSE.has(k)) continue;
    if (Array.isArray(v)) {
      if (v.length === 0 && !keepEmpty?.has(k)) continue;
    } else if (v !== null && typeof v === 'object' && isEmptyMapping(v)) continue;
    out[k] = v;
  }
  return out;
}

function serviceDocument(s: Service): Doc {
  const doc: Doc = {};
  for (const k of Object.keys(s)) {
    const v = (s as unknown as Doc)[k];
    // null (a command or entrypoint left to the image) is not printed either
    if (v === undefined || v === null || HIDDEN_SERVICE_FIELDS.has(k)) continue;
    doc[k] = v;
  }
  if (typeof s.stop_grace_period === 'number') doc.stop_grace_period = formatDuration(s.stop_grace_period);
  doc.healthcheck = durations(s.healthcheck as Doc | undefined, ['interval', 'timeout', 'start_period', 'start_interval']);
  if (s.deploy) {
    doc.deploy = { ...s.deploy, restart_policy: durations(s.deploy.restart_policy as Doc | undefined, ['delay', 'window']) };
  }
  doc.links = s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`));
  Object.assign(doc, s.extensions);
  const tidied = tidy(doc, KEEP_EMPTY) as Doc;
  // a network joined with no settings prints as `name: null`, as Docker Compose does
  const networks: Doc = {};
  for (const name of Object.keys(s.networks).sort()) networks[name] = (tidied.networks as Doc | undefined)?.[name] ?? null;
  if (Object.keys(networks).length === 0) return tidied;
  const had = Object.hasOwn(tidied, 'networks');
  tidied.networks = networks;
  return had ? tidied : sortKeys(tidied);
}

function sortKeys(doc: Doc): Doc {
  const out: Doc = {};
  for (const k of Object.keys(doc).sort()) out[k] = doc[k];
  return out;
}

function section(entries: Readonly<Record<string, unknown>>, each: (v: unknown) => unknown): Doc | undefined {
  const names = Object.keys(entries).sort();
  if (!names.length) return undefined;
  const out: Doc = {};
  for (const n of names) out[n] = each(entries[n]);
  return out;
}

export function projectDocument(project: Project): Doc {
  const doc: Doc = { name: project.name };
  const parts: [string, Doc | undefined][] = [
    ['services', section(project.services, (s) => serviceDocument(s as Service))],
    ['networks', section(project.networks, (n) => tidy(n))],
    ['volumes', section(project.volumes, (v) => tidy(v))],
    ['secrets', section(project.secrets, (v) => tidy(v))],
    ['configs', section(project.configs, (v) => tidy(v))],
  ];
  for (const [k, v] of parts) if (v) doc[k] = v;
  for (const k of Object.keys(project.extensions).sort()) doc[k] = project.extensions[k];
  return doc;
}
