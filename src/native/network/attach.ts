/**
 * Attaching a container to its networks and detaching it. Addresses are allocated in the
 * state first (under the lock), then the veths are made; a failure half-way detaches what
 * was done, so nothing half-attached stays behind.
 */
import type { Project, Service } from '../../model/project.js';
import { RuntimeError } from '../../errors.js';
import type { NetContext } from './context.js';
import { notifyDns } from './dns/daemon.js';
import { planAttach, planDetach } from './endpoint.js';
import { applyBatched } from './host.js';
import { allocateAddress } from './ipam.js';
import { portTag, underTag } from './nat.js';
import { removeRules } from './rules.js';
import { hostVethName, peerVethName } from './names.js';
import { readState, updateState, type EndpointRecord, type NetState } from './state.js';

export interface AttachNetwork {
  /** engine-level network name (`proj_default`) */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly ipv4_address?: string;
}

export interface AttachRequest {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly service: string;
  /** the container's net namespace, e.g. /proc/<pid>/ns/net */
  readonly netnsPath: string;
  /** in attach order: the first is eth0 and carries the default route (if not internal) */
  readonly networks: readonly AttachNetwork[];
  /** link aliases this container sees: alias -> service */
  readonly links: Readonly<Record<string, string>>;
}

/** The networks a service joins, highest priority first (then by name), with engine-level names. */
export function serviceNetworks(project: Project, service: Service): AttachNetwork[] {
  return Object.entries(service.networks)
    .sort(([ak, a], [bk, b]) => (b.priority ?? 0) - (a.priority ?? 0) || ak.localeCompare(bk))
    .map(([key, n]) => ({
      name: project.networks[key]?.name ?? key,
      aliases: n.aliases,
      ...(n.ipv4_address ? { ipv4_address: n.ipv4_address } : {}),
    }));
}

export function serviceLinks(service: Service): Record<string, string> {
  return Object.fromEntries(service.links.map((l) => [l.alias, l.service]));
}

function allocateEndpoints(root: string, req: AttachRequest): EndpointRecord[] {
  return updateState(root, (state) => {
    let networks = state.networks;
    const endpoints = state.endpoints.filter((e) => e.containerId !== req.id);
    const added: EndpointRecord[] = [];
    req.networks.forEach((n, i) => {
      const net = networks[n.name];
      if (!net) throw new RuntimeError(`container ${req.name}: network ${n.name} not found`);
      const ip = allocateAddress({
        network: net.name,
        subnet: net.subnet,
        gateway: net.gateway,
        used: endpoints.filter((e) => e.network === net.name).map((e) => e.ip),
        ...(net.lastAddress ? { last: net.lastAddress } : {}),
        ...(n.ipv4_address ? { requested: n.ipv4_address } : {}),
      });
      if (!n.ipv4_address) networks = { ...networks, [net.name]: { ...net, lastAddress: ip } };
      const e: EndpointRecord = {
        containerId: req.id,
        containerName: req.name,
        project: req.project,
        service: req.service,
        network: net.name,
        ip,
        veth: hostVethName(req.id, net.name),
        ifname: `eth${i}`,
        aliases: n.aliases,
        links: req.links,
      };
      endpoints.push(e);
      added.push(e);
    });
    return { state: { ...state, networks, endpoints }, result: added };
  });
}

/** Attaches the container to each network; returns network name -> address. */
export async function attach(ctx: NetContext, req: AttachRequest): Promise<Record<string, string>> {
  const endpoints = allocateEndpoints(ctx.root, req);
  const state = readState(ctx.root);
  const routed = endpoints.find((e) => !state.networks[e.network]?.internal);
  try {
    for (const e of endpoints) {
      const network = state.networks[e.network]!;
      const plan = planAttach({
        netnsPath: req.netnsPath,
        network,
        hostVeth: e.veth,
        peerVeth: peerVethName(req.id, e.network),
        ifname: e.ifname,
        ip: e.ip,
        defaultRoute: e === routed,
      });
      await applyBatched(ctx.host, plan);
    }
  } catch (err) {
    await detach(ctx, req.id);
    throw err;
  }
  if (ctx.dns) notifyDns(ctx.root);
  return Object.fromEntries(endpoints.map((e) => [e.network, e.ip]));
}

/** Removes the iptables rules of a container's published ports. */
export async function removePortRules(ctx: NetContext, state: NetState, containerId: string): Promise<void> {
  const nets = new Set(state.ports.filter((p) => p.containerId === containerId).map((p) => p.network));
  const tags = [...nets].map((n) => state.networks[n]).filter((n) => n !== undefined).map((n) => portTag(n, containerId));
  if (!tags.length) return;
  await removeRules(ctx.host, (c) => tags.some((t) => underTag(t)(c)));
}

/** Detaches a container from every network and drops its published ports; safe to repeat. */
export async function detach(ctx: NetContext, containerId: string): Promise<void> {
  const state = readState(ctx.root);
  await removePortRules(ctx, state, containerId);
  for (const e of state.endpoints.filter((x) => x.containerId === containerId)) {
    // the veth is gone already when the container's namespace went away
    for (const c of planDetach(e.veth)) await ctx.host.tryRun(c);
  }
  updateState(ctx.root, (s) => ({
    state: {
      ...s,
      endpoints: s.endpoints.filter((e) => e.containerId !== containerId),
      ports: s.ports.filter((p) => p.containerId !== containerId),
    },
    result: undefined,
  }));
  if (ctx.dns) notifyDns(ctx.root);
}
