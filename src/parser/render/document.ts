/**
 * The project as `compose config` prints it, in Docker Compose's shape: the model
 * minus what is derived (dependencies, locations), durations back in Go's syntax,
 * defaults that go without saying left out, and every mapping's keys sorted so the
 * output diffs cleanly. Everything printed reads back to the same project.
 */
import type { Project, Service } from '../../model/project.js';
import { formatDuration } from '../normalize/units.js';
import { skipped, tidy, TidyLater } from './tidy.js';

type Doc = Record<string, unknown>;

/** model fields that are derived or already folded into others */
const HIDDEN_SERVICE_FIELDS: ReadonlySet<string> = new Set(['name', 'dependencies', 'location', 'extensions', 'env_file']);
/** an empty command or entrypoint (`[]`) overrides the image's, so it is printed */
const KEEP_EMPTY: ReadonlySet<string> = new Set(['command', 'entrypoint']);

function durations(obj: Doc | undefined, keys: readonly string[]): Doc | undefined {
  if (!obj) return obj;
  const out = { ...obj };
  for (const k of keys) if (typeof out[k] === 'number') out[k] = formatDuration(out[k] as number);
  return out;
}

/** a service's printed fields, before tidying */
function serviceFields(s: Service): Doc {
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
  // a network joined with no settings prints as `name: null`, as Docker Compose does
  const names = Object.keys(s.networks);
  if (names.length > 0) {
    const networks: Doc = {};
    for (const name of names.sort()) {
      const n = (s.networks as Doc)[name];
      networks[name] = skipped(name, n) ? null : n;
    }
    doc.networks = networks;
  }
  return doc;
}

function section(entries: Readonly<Record<string, unknown>>, each: (v: unknown) => unknown): Doc | undefined {
  const names = Object.keys(entries).sort();
  if (!names.length) return undefined;
  const out: Doc = {};
  for (const n of names) out[n] = each(entries[n]);
  return out;
}

/**
 * The document `compose config` prints. `tidyWhileWriting`: mappings are left for the
 * YAML writer to tidy (TidyLater) instead of being copied tidy here.
 */
export function projectDocument(project: Project, o: { tidyWhileWriting?: boolean } = {}): Doc {
  const tidied = (v: unknown, keepEmpty?: ReadonlySet<string>) =>
    o.tidyWhileWriting && v !== null && typeof v === 'object' && !Array.isArray(v) ? new TidyLater(v as Doc, keepEmpty) : tidy(v, keepEmpty);
  const doc: Doc = { name: project.name };
  const parts: [string, Doc | undefined][] = [
    ['services', section(project.services, (s) => tidied(serviceFields(s as Service), KEEP_EMPTY))],
    ['networks', section(project.networks, (n) => tidied(n))],
    ['volumes', section(project.volumes, (v) => tidied(v))],
    ['secrets', section(project.secrets, (v) => tidied(v))],
    ['configs', section(project.configs, (v) => tidied(v))],
  ];
  for (const [k, v] of parts) if (v) doc[k] = v;
  for (const k of Object.keys(project.extensions).sort()) doc[k] = project.extensions[k];
  return doc;
}
