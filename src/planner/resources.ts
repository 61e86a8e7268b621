/**
 * Project-level resources: which networks and volumes the selected services need and
 * which of them must be created (up) or removed (down). External ones belong to someone
 * else and are never created or removed.
 */
import type { ObservedProject } from '../model/observed.js';
import type { Network, Project, Service, Volume } from '../model/project.js';
import type { CreateNetwork, CreateVolume, RemoveNetwork, RemoveVolume } from './plan.js';

function usedNetworks(services: readonly Service[]): string[] {
  return [...new Set(services.flatMap((s) => Object.keys(s.networks)))].sort();
}

/** A service volume's source may be the key under `volumes:` or the engine-level name. */
function volumeKey(project: Project, source: string): string | undefined {
  if (project.volumes[source]) return source;
  return Object.keys(project.volumes).find((k) => project.volumes[k]?.name === source);
}

function usedVolumes(project: Project, services: readonly Service[]): string[] {
  const keys = services.flatMap((s) =>
    s.volumes.filter((v) => v.type === 'volume' && v.source !== undefined).map((v) => volumeKey(project, v.source as string)),
  );
  return [...new Set(keys.filter((k): k is string => k !== undefined))].sort();
}

export function networkCreations(project: Project, services: readonly Service[], observed: ObservedProject): CreateNetwork[] {
  const existing = new Set(observed.networks.map((n) => n.name));
  const ops: CreateNetwork[] = [];
  for (const key of usedNetworks(services)) {
    const network: Network | undefined = project.networks[key];
    // An undeclared network is the parser's to report; an external one is not ours to create.
    if (!network || network.external || existing.has(network.name)) continue;
    ops.push({ kind: 'create-network', key, name: network.name, cause: 'not found' });
  }
  return ops;
}

export function volumeCreations(project: Project, services: readonly Service[], observed: ObservedProject): CreateVolume[] {
  const existing = new Set(observed.volumes.map((v) => v.name));
  const ops: CreateVolume[] = [];
  for (const key of usedVolumes(project, services)) {
    const volume: Volume | undefined = project.volumes[key];
    if (!volume || volume.external || existing.has(volume.name)) continue;
    ops.push({ kind: 'create-volume', key, name: volume.name, cause: 'not found' });
  }
  return ops;
}

/**
 * Networks to remove on down: with a project, the observed ones it declares (not
 * external); without one, every network labelled with the project.
 */
export function networkRemovals(project: Project | undefined, observed: ObservedProject): RemoveNetwork[] {
  const ours = project
    ? new Set(Object.values(project.networks).filter((n) => !n.external).map((n) => n.name))
    : undefined;
  return observed.networks
    .filter((n) => !ours || ours.has(n.name))
    .map((n) => n.name)
    .sort()
    .map((name) => ({ kind: 'remove-network', name, cause: 'down' }));
}

/** Volumes to remove on `down --volumes`, chosen like networks. */
export function volumeRemovals(project: Project | undefined, observed: ObservedProject): RemoveVolume[] {
  const ours = project
    ? new Set(Object.values(project.volumes).filter((v) => !v.external).map((v) => v.name))
    : undefined;
  return observed.volumes
    .filter((v) => !ours || ours.has(v.name))
    .map((v) => v.name)
    .sort()
    .map((name) => ({ kind: 'remove-volume', name, cause: '--volumes' }));
}
