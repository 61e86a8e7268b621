/**
 * The project as `compose config` prints it, in Docker Compose's shape: the model
 * minus what is derived (dependencies, locations), durations back in Go's syntax,
 * defaults that go without saying left out, and every mapping's keys sorted so the
 * output diffs cleanly. Everything printed reads back to the same project.
 */
import type { Project, Service } from '../../model/project.js';
import { formatDuration } from '../normalize/units.js';
import { skipped, sortedKeys, tidy, TidyLater, TidyView } from './tidy.js';

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

/**
 * A service as printed, read from the model in place: its fields minus the hidden ones
 * and nulls (a command or entrypoint left to the image), with what is printed differently
 * (durations, links, networks) and its extensions laid over them. Copying every field of
 * every service cost a large project more than writing them.
 */
class ServiceView extends TidyView {
  private readonly overlay: Doc = {};

  constructor(private readonly s: Service) {
    super();
    const o = this.overlay;
    if (typeof s.stop_grace_period === 'number') o.stop_grace_period = formatDuration(s.stop_grace_period);
    o.healthcheck = durations(s.healthcheck as Doc | undefined, ['interval', 'timeout', 'start_period', 'start_interval']);
    if (s.deploy) o.deploy = { ...s.deploy, restart_policy: durations(s.deploy.restart_policy as Doc | undefined, ['delay', 'window']) };
    o.links = s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`));
    Object.assign(o, s.extensions);
    // a network joined with no settings prints as `name: null`, as Docker Compose does
    const names = Object.keys(s.networks);
    if (names.length > 0) {
      const networks: Doc = {};
      for (const name of names.sort()) {
        const n = (s.networks as Doc)[name];
        networks[name] = skipped(name, n) ? null : n;
      }
      o.networks = networks;
    }
  }

  protected listKeys(): readonly string[] {
    const model = this.s as unknown as Doc;
    const keys: string[] = [];
    const fields = Object.keys(model);
    for (let i = 0; i < fields.length; i++) {
      const k = fields[i]!;
      const v = model[k];
      if (v === null || HIDDEN_SERVICE_FIELDS.has(k) || Object.hasOwn(this.overlay, k) || skipped(k, v, KEEP_EMPTY)) continue;
      keys.push(k);
    }
    for (const k of Object.keys(this.overlay)) if (!skipped(k, this.overlay[k], KEEP_EMPTY)) keys.push(k);
    return sortedKeys(keys);
  }

  get(key: string): unknown {
    return Object.hasOwn(this.overlay, key) ? this.overlay[key] : (this.s as unknown as Doc)[key];
  }
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
  const tidied = (v: unknown) => (o.tidyWhileWriting && v !== null && typeof v === 'object' && !Array.isArray(v) ? new TidyLater(v as Doc) : tidy(v));
  const doc: Doc = { name: project.name };
  const parts: [string, Doc | undefined][] = [
    ['services', section(project.services, (s) => (o.tidyWhileWriting ? new ServiceView(s as Service) : tidy(new ServiceView(s as Service))))],
    ['networks', section(project.networks, (n) => tidied(n))],
    ['volumes', section(project.volumes, (v) => tidied(v))],
    ['secrets', section(project.secrets, (v) => tidied(v))],
    ['configs', section(project.configs, (v) => tidied(v))],
  ];
  for (const [k, v] of parts) if (v) doc[k] = v;
  for (const k of Object.keys(project.extensions).sort()) doc[k] = project.extensions[k];
  return doc;
}
