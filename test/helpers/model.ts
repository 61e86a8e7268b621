/**
 * A small factory for normalized Project models, so tests of the planner, executor and
 * CLI can describe a project in a few lines without going through the parser.
 * It fills the defaults the parser would fill and folds depends_on, links, network_mode,
 * volumes_from, ipc and pid into `dependencies` the way the parser does. Every folded edge
 * gets a distinct fake location (compose.yaml, line = 100 + its index) so tests can check
 * which edge a message points at.
 */
import { serviceDefaults } from '../../src/model/service-defaults.js';
import type {
  DependencyCondition,
  Dependency,
  DependsOn,
  Network,
  Project,
  Service,
  ServiceNetwork,
  Volume,
} from '../../src/model/project.js';
import type { ObservedContainer, ContainerState } from '../../src/model/observed.js';
import type { SourceLocation } from '../../src/model/location.js';

type Writable<T> = { -readonly [K in keyof T]?: T[K] };

export type DependsOnInput = readonly string[] | Readonly<Record<string, Partial<DependsOn>>>;

/** Service fields as a test writes them: short syntaxes allowed for the edge sources. */
export type ServiceInput = Omit<Writable<Service>, 'depends_on' | 'links' | 'networks'> & {
  depends_on?: DependsOnInput;
  /** "db" or "db:alias" */
  links?: readonly string[];
  networks?: readonly string[] | Readonly<Record<string, Partial<ServiceNetwork>>>;
};

export interface ProjectInput {
  name?: string;
  services: Readonly<Record<string, ServiceInput>>;
  networks?: Readonly<Record<string, Partial<Network>>>;
  volumes?: Readonly<Record<string, Partial<Volume>>>;
  /** active profiles; services whose profiles are all inactive land in disabled_services */
  profiles?: readonly string[];
}

export const TEST_FILE = '/work/compose.yaml';

function serviceRef(spec: string | undefined): string | undefined {
  return spec?.startsWith('service:') ? spec.slice('service:'.length) : undefined;
}

function foldDependencies(input: ServiceInput, nextLocation: () => SourceLocation): Dependency[] {
  const deps: Dependency[] = [];
  const add = (service: string, kind: Dependency['kind'], extra: Partial<Dependency> = {}) =>
    deps.push({ service, kind, condition: 'service_started', required: true, restart: false, ...extra, location: nextLocation() });
  const dependsOn = input.depends_on ?? [];
  if (Array.isArray(dependsOn)) for (const d of dependsOn as readonly string[]) add(d, 'depends_on');
  else for (const [d, v] of Object.entries(dependsOn as Record<string, Partial<DependsOn>>)) add(d, 'depends_on', v);
  for (const l of input.links ?? []) {
    const [service = l, alias = service] = l.split(':');
    add(service, 'link', { alias });
  }
  const net = serviceRef(input.network_mode);
  if (net) add(net, 'network_mode');
  for (const v of input.volumes_from ?? []) {
    if (v.startsWith('container:')) continue;
    add(v.split(':')[0] ?? v, 'volumes_from');
  }
  const ipc = serviceRef(input.ipc);
  if (ipc) add(ipc, 'ipc');
  const pid = serviceRef(input.pid);
  if (pid) add(pid, 'pid');
  return deps;
}

function normalizeDependsOn(input: DependsOnInput | undefined): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = {};
  const full = (v: Partial<DependsOn> = {}): DependsOn => ({
    condition: v.condition ?? ('service_started' as DependencyCondition),
    required: v.required ?? true,
    restart: v.restart ?? false,
  });
  if (Array.isArray(input)) for (const d of input as readonly string[]) out[d] = full();
  else for (const [d, v] of Object.entries((input ?? {}) as Record<string, Partial<DependsOn>>)) out[d] = full(v);
  return out;
}

function normalizeNetworks(input: ServiceInput): Record<string, ServiceNetwork> {
  if (input.network_mode) return {};
  const given = input.networks ?? ['default'];
  const entries: [string, Partial<ServiceNetwork>][] = Array.isArray(given)
    ? (given as readonly string[]).map((k) => [k, {}])
    : Object.entries(given as Record<string, Partial<ServiceNetwork>>);
  return Object.fromEntries(entries.map(([k, v]) => [k, { aliases: [], ...v }]));
}

export function makeService(name: string, input: ServiceInput = {}, nextLocation?: () => SourceLocation): Service {
  let line = 100;
  const loc = nextLocation ?? (() => ({ file: TEST_FILE, line: line++, column: 7 }));
  const { depends_on, links, networks, ...rest } = input;
  return {
    ...serviceDefaults(name),
    ...rest,
    name,
    networks: normalizeNetworks(input),
    links: (links ?? []).map((l) => {
      const [service = l, alias = service] = l.split(':');
      return { service, alias };
    }),
    depends_on: normalizeDependsOn(depends_on),
    dependencies: foldDependencies(input, loc),
  };
}

export function makeProject(input: ProjectInput): Project {
  const name = input.name ?? 'demo';
  const active = new Set(input.profiles ?? []);
  let line = 100;
  const nextLocation = (): SourceLocation => ({ file: TEST_FILE, line: line++, column: 7 });
  const services: Record<string, Service> = {};
  const disabled: Record<string, Service> = {};
  const networkKeys = new Set<string>(Object.keys(input.networks ?? {}));
  for (const [key, s] of Object.entries(input.services)) {
    const service = makeService(key, s, nextLocation);
    const enabled = service.profiles.length === 0 || service.profiles.some((p) => active.has(p));
    (enabled ? services : disabled)[key] = service;
    for (const n of Object.keys(service.networks)) networkKeys.add(n);
  }
  const networks: Record<string, Network> = {};
  for (const key of [...networkKeys].sort()) {
    const n = input.networks?.[key] ?? {};
    networks[key] = { name: `${name}_${key}`, driver_opts: {}, external: false, internal: false, labels: {}, ...n };
  }
  const volumes: Record<string, Volume> = {};
  for (const [key, v] of Object.entries(input.volumes ?? {})) {
    volumes[key] = { name: `${name}_${key}`, driver_opts: {}, external: false, labels: {}, ...v };
  }
  return {
    name,
    working_dir: '/work',
    config_files: [TEST_FILE],
    format: 'spec',
    services,
    disabled_services: disabled,
    networks,
    volumes,
    secrets: {},
    configs: {},
    extensions: {},
  };
}

/** An observed container as a backend would report it, labels included. */
export function makeContainer(
  project: string,
  service: string,
  number: number,
  fields: Partial<ObservedContainer> & { state?: ContainerState } = {},
): ObservedContainer {
  return {
    id: `${project}-${service}-${number}-id`,
    name: `${project}-${service}-${number}`,
    project,
    service,
    number,
    oneoff: false,
    configHash: '',
    image: 'x',
    state: 'running',
    health: 'none',
    labels: {},
    ...fields,
  };
}
