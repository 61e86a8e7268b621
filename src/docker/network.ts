/** Project networks and volumes: created with Compose labels, external ones only checked. */
import type Docker from 'dockerode';
import { RuntimeError } from '../errors.js';
import type { Project } from '../model/project.js';
import { networkLabels, volumeLabels } from '../runtime/compose-labels.js';
import type { EngineClient } from './engine-client.js';
import { call, statusCode } from './engine-error.js';

export function networkCreateBody(project: Project, key: string): Docker.NetworkCreateOptions {
  const n = project.networks[key];
  const name = n?.name ?? `${project.name}_${key}`;
  const body: Docker.NetworkCreateOptions = {
    Name: name,
    CheckDuplicate: true,
    Driver: n?.driver ?? 'bridge',
    Options: { ...(n?.driver_opts ?? {}) },
    Internal: n?.internal ?? false,
    Labels: networkLabels(project, key),
  };
  if (n?.attachable !== undefined) body.Attachable = n.attachable;
  if (n?.enable_ipv6 !== undefined) body.EnableIPv6 = n.enable_ipv6;
  if (n?.ipam) {
    body.IPAM = {
      Driver: n.ipam.driver ?? 'default',
      Config: n.ipam.config.map((c) => ({
        ...(c.subnet ? { Subnet: c.subnet } : {}),
        ...(c.ip_range ? { IPRange: c.ip_range } : {}),
        ...(c.gateway ? { Gateway: c.gateway } : {}),
      })),
    };
  }
  return body;
}

async function exists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw err;
  }
}

export async function createNetwork(engine: EngineClient, project: Project, key: string): Promise<void> {
  const n = project.networks[key];
  const name = n?.name ?? `${project.name}_${key}`;
  if (n?.external) {
    if (!(await exists(() => engine.get(`/networks/${name}`)))) {
      throw new RuntimeError(`network ${name} declared as external, but could not be found`);
    }
    return;
  }
  await call(`create network ${name}`, () => engine.post('/networks/create', { body: networkCreateBody(project, key) }), [409]);
}

export async function removeNetwork(engine: EngineClient, name: string): Promise<void> {
  await call(`remove network ${name}`, () => engine.delete(`/networks/${name}`), [404]);
}

export async function createVolume(engine: EngineClient, project: Project, key: string): Promise<void> {
  const v = project.volumes[key];
  const name = v?.name ?? `${project.name}_${key}`;
  if (v?.external) {
    if (!(await exists(() => engine.get(`/volumes/${name}`)))) {
      throw new RuntimeError(`volume ${name} declared as external, but could not be found`);
    }
    return;
  }
  await call(`create volume ${name}`, () =>
    engine.post('/volumes/create', { body: {
      Name: name,
      Driver: v?.driver ?? 'local',
      DriverOpts: { ...(v?.driver_opts ?? {}) },
      Labels: volumeLabels(project, key),
    } }),
  );
}

export async function removeVolume(engine: EngineClient, name: string): Promise<void> {
  await call(`remove volume ${name}`, () => engine.delete(`/volumes/${name}`), [404]);
}
