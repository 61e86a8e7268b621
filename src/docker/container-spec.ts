/**
 * Model -> Engine container create body. Pure: one small function per field family,
 * so each Compose field's translation is read (and tested) in one place. Fields that
 * need the Engine after creation (second and later networks) are returned separately.
 */
import type Docker from 'dockerode';
import type { ContainerSpec } from '../runtime/runtime.js';
import { composeLabels } from '../runtime/compose-labels.js';
import { hostResources, hostSecurity, restartPolicy, logConfig } from './host-config.js';
import { endpoints } from './network-config.js';
import { mounts } from './mounts.js';

type Env = Readonly<Record<string, string | undefined>>;
type Create = Docker.ContainerCreateOptions;

export interface CreatePlan {
  readonly body: Create;
  /** networks to connect after creation: the Engine accepts one at create time (API < 1.44) */
  readonly connect: readonly { readonly network: string; readonly config: Docker.EndpointSettings }[];
}

/** `null` in the model passes the caller's value through, and drops the variable when unset. */
export function environment(spec: ContainerSpec, callerEnv: Env): string[] {
  const merged: Record<string, string | null> = { ...spec.service.environment, ...(spec.extraEnv ?? {}) };
  const out: string[] = [];
  for (const [key, value] of Object.entries(merged)) {
    const resolved = value ?? callerEnv[key];
    if (resolved !== undefined) out.push(`${key}=${resolved}`);
  }
  return out;
}

export function ports(spec: ContainerSpec): Pick<Create, 'ExposedPorts'> & { PortBindings?: Docker.PortMap } {
  const exposed: Record<string, object> = {};
  const bindings: Docker.PortMap = {};
  for (const e of spec.service.expose) {
    const [port, proto = 'tcp'] = e.split('/');
    // an exposed range "3000-3005" is one key per port for the Engine
    const [from, to = from] = (port ?? '').split('-').map(Number);
    for (let p = from ?? 0; p <= (to ?? 0) && p > 0; p++) exposed[`${p}/${proto}`] = {};
  }
  for (const p of spec.service.ports) {
    const key = `${p.target}/${p.protocol}`;
    exposed[key] = {};
    if (spec.publishPorts === false) continue;
    const list = bindings[key] ?? [];
    list.push({ HostIp: p.host_ip ?? '', HostPort: p.published ?? '' });
    bindings[key] = list;
  }
  return { ExposedPorts: exposed, ...(Object.keys(bindings).length ? { PortBindings: bindings } : {}) };
}

const MS_TO_NS = 1_000_000;

export function healthcheck(spec: ContainerSpec): Pick<Create, 'Healthcheck'> {
  const h = spec.service.healthcheck;
  if (!h) return {};
  if (h.disable) return { Healthcheck: { Test: ['NONE'] } };
  const ns = (ms: number | undefined) => (ms === undefined ? undefined : ms * MS_TO_NS);
  const body: Record<string, unknown> = {
    Test: h.test ? [...h.test] : undefined,
    Interval: ns(h.interval),
    Timeout: ns(h.timeout),
    Retries: h.retries,
    StartPeriod: ns(h.start_period),
    StartInterval: ns(h.start_interval),
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return { Healthcheck: body as Docker.HealthConfig };
}

export function processConfig(spec: ContainerSpec): Partial<Create> {
  const s = spec.service;
  const command = spec.command ?? s.command;
  const entrypoint = spec.entrypoint ?? s.entrypoint;
  const out: Partial<Create> = {
    Image: s.image ?? `${spec.project.name}-${s.name}`,
    Tty: spec.tty ?? s.tty,
    OpenStdin: spec.interactive ?? s.stdin_open,
    AttachStdin: spec.interactive ?? false,
    StdinOnce: spec.interactive ?? false,
    AttachStdout: spec.oneoff,
    AttachStderr: spec.oneoff,
  };
  if (command !== null) out.Cmd = [...command];
  if (entrypoint !== null) out.Entrypoint = [...entrypoint];
  if (s.user !== undefined) out.User = s.user;
  if (s.working_dir !== undefined) out.WorkingDir = s.working_dir;
  if (s.hostname !== undefined) out.Hostname = s.hostname;
  if (s.domainname !== undefined) out.Domainname = s.domainname;
  if (s.stop_signal !== undefined) out.StopSignal = s.stop_signal;
  if (s.stop_grace_period !== undefined) out.StopTimeout = Math.ceil(s.stop_grace_period / 1000);
  return out;
}

export function buildCreateBody(spec: ContainerSpec, callerEnv: Env): CreatePlan {
  const { ExposedPorts, PortBindings } = ports(spec);
  const net = endpoints(spec);
  const m = mounts(spec);
  const body: Create = {
    name: spec.name,
    ...processConfig(spec),
    Env: environment(spec, callerEnv),
    Labels: composeLabels(spec),
    ExposedPorts,
    ...healthcheck(spec),
    HostConfig: {
      ...(PortBindings ? { PortBindings } : {}),
      ...m,
      ...hostResources(spec.service),
      ...hostSecurity(spec.service, spec.project),
      ...restartPolicy(spec.service, spec.oneoff),
      ...logConfig(spec.service),
      NetworkMode: net.networkMode,
      ...(spec.service.init !== undefined ? { Init: spec.service.init } : {}),
    },
    ...(net.first ? { NetworkingConfig: { EndpointsConfig: { [net.first.network]: net.first.config } } } : {}),
  };
  return { body, connect: net.rest };
}
