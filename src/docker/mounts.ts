/** Volumes, tmpfs and volumes_from -> HostConfig. Pure. */
import type Docker from 'dockerode';
import type { ContainerSpec } from '../runtime/runtime.js';
import { containerName } from '../runtime/compose-labels.js';

export function mounts(spec: ContainerSpec): Docker.HostConfig {
  const { project, service } = spec;
  const binds: string[] = [];
  // the typings require fields the Engine treats as optional
  const list: Record<string, unknown>[] = [];
  for (const v of service.volumes) {
    if (v.type === 'bind') {
      // Binds rather than Mounts: the Engine then creates a missing host path, as Compose does by default
      const opts = [v.read_only ? 'ro' : '', v.bind?.propagation ?? '', v.bind?.selinux ?? ''].filter(Boolean);
      binds.push(`${v.source ?? ''}:${v.target}${opts.length ? `:${opts.join(',')}` : ''}`);
    } else if (v.type === 'volume') {
      const engineName = v.source ? (project.volumes[v.source]?.name ?? v.source) : undefined;
      list.push({
        Type: 'volume',
        Target: v.target,
        ...(engineName ? { Source: engineName } : {}),
        ReadOnly: v.read_only,
        ...(v.volume?.nocopy ? { VolumeOptions: { NoCopy: true } } : {}),
      });
    } else if (v.type === 'tmpfs') {
      const options: Record<string, number> = {};
      if (v.tmpfs?.size !== undefined) options.SizeBytes = v.tmpfs.size;
      if (v.tmpfs?.mode !== undefined) options.Mode = v.tmpfs.mode;
      list.push({ Type: 'tmpfs', Target: v.target, ...(Object.keys(options).length ? { TmpfsOptions: options } : {}) });
    }
  }
  const out: Docker.HostConfig = {};
  if (binds.length) out.Binds = binds;
  if (list.length) out.Mounts = list as unknown as Docker.MountSettings[];
  if (service.tmpfs.length) out.Tmpfs = Object.fromEntries(service.tmpfs.map(tmpfsEntry));
  const from = service.volumes_from.map((entry) => volumesFrom(spec, entry));
  if (from.length) out.VolumesFrom = from;
  return out;
}

function tmpfsEntry(entry: string): [string, string] {
  const i = entry.indexOf(':');
  return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
}

/** `svc[:ro]` names a service (its first container); `container:name[:ro]` a container. */
export function volumesFrom(spec: ContainerSpec, entry: string): string {
  const parts = entry.split(':');
  if (parts[0] === 'container') return parts.slice(1).join(':');
  const [name = '', mode] = parts;
  const target = spec.project.services[name];
  const cname = target ? containerName(spec.project, target, 1) : `${spec.project.name}-${name}-1`;
  return mode ? `${cname}:${mode}` : cname;
}
