/**
 * Observes a project on the Engine by its labels, so projects brought up by Docker
 * Compose (v1 or v2) are found as well as ours. The mapping from Engine listings to
 * the model is pure and tested on its own.
 */
import type Docker from 'dockerode';
import { LABEL } from '../model/labels.js';
import type {
  ContainerState,
  HealthState,
  ObservedContainer,
  ObservedNetwork,
  ObservedProject,
  ObservedVolume,
  PublishedPort,
} from '../model/observed.js';
import type { EngineClient } from './engine-client.js';
import { call } from './engine-error.js';

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'exited', 'dead', 'removing'];

/** The list API gives health only inside the human status text: "Up 3 seconds (healthy)". */
export function healthFromStatus(status: string): HealthState {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return 'none';
}

export function exitCodeFromStatus(status: string): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

function toPorts(ports: Docker.Port[] | undefined): PublishedPort[] {
  return (ports ?? []).map((p) => ({
    target: p.PrivatePort,
    protocol: (p.Type === 'udp' || p.Type === 'sctp' ? p.Type : 'tcp') as PublishedPort['protocol'],
    ...(p.IP ? { hostIp: p.IP } : {}),
    ...(p.PublicPort ? { published: p.PublicPort } : {}),
  }));
}

export function toObservedContainer(info: Docker.ContainerInfo): ObservedContainer {
  const labels = info.Labels ?? {};
  const state = (STATES as readonly string[]).includes(info.State) ? (info.State as ContainerState) : 'created';
  const exitCode = state === 'exited' ? exitCodeFromStatus(info.Status) : undefined;
  return {
    id: info.Id,
    name: (info.Names[0] ?? info.Id).replace(/^\//, ''),
    project: labels[LABEL.project] ?? '',
    service: labels[LABEL.service] ?? '',
    number: Number(labels[LABEL.number] ?? '1') || 1,
    oneoff: (labels[LABEL.oneoff] ?? '').toLowerCase() === 'true',
    configHash: labels[LABEL.configHash] ?? '',
    image: info.Image,
    state,
    health: healthFromStatus(info.Status),
    ...(exitCode !== undefined ? { exitCode } : {}),
    labels,
    created: new Date(info.Created * 1000).toISOString(),
    ports: toPorts(info.Ports),
  };
}

function labelFilter(project: string): string {
  return JSON.stringify({ label: [`${LABEL.project}=${project}`] });
}

export async function observeProject(engine: EngineClient, project: string): Promise<ObservedProject> {
  const filters = labelFilter(project);
  const [containers, networks, volumes] = await Promise.all([
    call(`list containers of project ${project}`, () => engine.get<Docker.ContainerInfo[]>('/containers/json', { query: { all: true, filters } })),
    call(`list networks of project ${project}`, () => engine.get<Docker.NetworkInspectInfo[]>('/networks', { query: { filters } })),
    call(`list volumes of project ${project}`, () =>
      engine.get<{ Volumes: Docker.VolumeInspectInfo[] | null }>('/volumes', { query: { filters } }),
    ),
  ]);
  return {
    containers: (containers ?? []).map(toObservedContainer).sort(byServiceAndNumber),
    networks: (networks ?? []).map(
      (n): ObservedNetwork => ({
        id: n.Id,
        name: n.Name,
        ...(n.Labels?.[LABEL.network] ? { key: n.Labels[LABEL.network] } : {}),
        labels: n.Labels ?? {},
      }),
    ),
    volumes: (volumes?.Volumes ?? []).map(
      (v): ObservedVolume => ({
        name: v.Name,
        ...(v.Labels?.[LABEL.volume] ? { key: v.Labels[LABEL.volume] } : {}),
        labels: v.Labels ?? {},
      }),
    ),
  };
}

function byServiceAndNumber(a: ObservedContainer, b: ObservedContainer): number {
  return a.service.localeCompare(b.service) || a.number - b.number || a.name.localeCompare(b.name);
}

/** Every project with containers on the Engine: `compose ls`. */
export async function listProjects(engine: EngineClient) {
  const containers =
    (await call('list containers', () =>
      engine.get<Docker.ContainerInfo[]>('/containers/json', { query: { all: true, filters: JSON.stringify({ label: [LABEL.project] }) } }),
    )) ?? [];
  const byProject = new Map<string, { states: Map<string, number>; configFiles: string }>();
  for (const c of containers) {
    const name = c.Labels[LABEL.project];
    if (!name) continue;
    const entry = byProject.get(name) ?? { states: new Map(), configFiles: c.Labels[LABEL.configFiles] ?? '' };
    entry.states.set(c.State, (entry.states.get(c.State) ?? 0) + 1);
    byProject.set(name, entry);
  }
  return [...byProject.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({
      name,
      status: [...e.states.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => `${s}(${n})`)
        .join(', '),
      configFiles: e.configFiles,
    }));
}
