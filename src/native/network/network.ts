/**
 * Networks: allocate (state, under the lock), then make the kernel match (bridge, sysctls,
 * rules, DNS listener). Making the kernel match is idempotent, so ensuring a network that
 * exists is cheap and one lost in a reboot comes back.
 */
import type { Project } from '../../model/project.js';
import { RuntimeError } from '../../errors.js';
import { formatCidr, parseCidr } from './cidr.js';
import type { NetContext } from './context.js';
import { ensureDns, notifyDns, startDns } from './dns/daemon.js';
import { bridgeSysctls, parseBridge, planBridge, planBridgeRemoval } from './bridge.js';
import { applyBatched, run, type NetHost } from './host.js';
import { allocateSubnet, checkExplicitSubnet, gatewayOf, routedSubnets } from './ipam.js';
import { networkRules, underTag } from './nat.js';
import { ensureRules, removeRules } from './rules.js';
import { bridgeName, networkId, ruleTag } from './names.js';
import { readState, updateState, type NetworkRecord } from './state.js';

export interface NetworkSpec {
  readonly name: string;
  readonly project?: string;
  readonly key?: string;
  readonly internal: boolean;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly mtu?: number;
  readonly labels: Readonly<Record<string, string>>;
}

const MTU_OPT = 'com.docker.network.driver.mtu';

/** The spec of a project's network, or undefined for an external one. */
export function networkSpecOf(project: Project, key: string): NetworkSpec | undefined {
  const net = project.networks[key];
  if (!net) throw new RuntimeError(`network ${key} is not declared in project ${project.name}`);
  if (net.external) return undefined;
  if (net.driver && net.driver !== 'bridge') {
    throw new RuntimeError(`network ${key}: driver "${net.driver}" is not supported by the native runtime (only bridge)`);
  }
  const cfg = net.ipam?.config[0];
  const mtu = net.driver_opts[MTU_OPT];
  return {
    name: net.name,
    project: project.name,
    key,
    internal: net.internal,
    ...(cfg?.subnet ? { subnet: cfg.subnet } : {}),
    ...(cfg?.gateway ? { gateway: cfg.gateway } : {}),
    ...(mtu ? { mtu: Number(mtu) } : {}),
    labels: net.labels,
  };
}

/** The MTU of the interface the default route uses, at most 1500, so NATed traffic is not fragmented. */
async function uplinkMtu(host: NetHost, routesJson: string): Promise<number> {
  const routes = JSON.parse(routesJson || '[]') as { dst?: string; dev?: string }[];
  const dev = routes.find((r) => r.dst === 'default')?.dev;
  if (!dev) return 1500;
  const r = await host.tryRun(['ip', '-j', 'link', 'show', 'dev', dev]);
  const mtu = r.ok ? (JSON.parse(r.stdout) as { mtu?: number }[])[0]?.mtu : undefined;
  return Math.min(mtu ?? 1500, 1500);
}

/** Records the network in the state (allocating its subnet) unless it is there already. */
async function allocate(ctx: NetContext, spec: NetworkSpec): Promise<NetworkRecord> {
  const existing = readState(ctx.root).networks[spec.name];
  if (existing) return existing;
  const routes = await run(ctx.host, ['ip', '-j', '-4', 'route', 'show', 'table', 'main']);
  const mtu = spec.mtu ?? (await uplinkMtu(ctx.host, routes));
  return updateState(ctx.root, (state) => {
    const again = state.networks[spec.name];
    if (again) return { state, result: again };
    const others = Object.values(state.networks);
    const subnet = spec.subnet
      ? checkExplicitSubnet(spec.name, spec.subnet, others)
      : allocateSubnet(ctx.pools, [...routedSubnets(routes), ...others.map((o) => parseCidr(o.subnet)!).filter(Boolean)]);
    const id = networkId(ctx.root, spec.name);
    const record: NetworkRecord = {
      name: spec.name,
      id,
      ...(spec.project !== undefined ? { project: spec.project } : {}),
      ...(spec.key !== undefined ? { key: spec.key } : {}),
      bridge: bridgeName(id),
      tag: ruleTag(ctx.root, id),
      subnet: formatCidr(subnet),
      gateway: gatewayOf(subnet, spec.gateway),
      internal: spec.internal,
      mtu,
      labels: spec.labels,
    };
    return { state: { ...state, networks: { ...state.networks, [spec.name]: record } }, result: record };
  });
}

/** Makes the kernel match a network record. */
export async function applyNetwork(ctx: NetContext, net: NetworkRecord): Promise<void> {
  // the server starts while the bridge is made: its start-up is the slowest step here
  if (ctx.dns) startDns(ctx.root);
  const shown = await ctx.host.tryRun(['ip', '-j', 'addr', 'show', 'dev', net.bridge]);
  await applyBatched(ctx.host, planBridge(net, parseBridge(shown.ok ? shown.stdout : '')));
  for (const [k, v] of bridgeSysctls(net)) if ((await ctx.host.readSysctl(k)) !== v) await ctx.host.writeSysctl(k, v);
  await ensureRules(ctx.host, [{ tag: net.tag, rules: networkRules(net) }]);
  if (ctx.dns) await ensureDns(ctx.root, [net.gateway]);
}

export async function createNetwork(ctx: NetContext, spec: NetworkSpec): Promise<NetworkRecord> {
  const net = await allocate(ctx, spec);
  await applyNetwork(ctx, net);
  return net;
}

/** A project's network, or the existing external one it names. */
export async function ensureNetwork(ctx: NetContext, project: Project, key: string): Promise<NetworkRecord> {
  const spec = networkSpecOf(project, key);
  if (spec) return createNetwork(ctx, spec);
  const name = project.networks[key]?.name ?? key;
  const existing = readState(ctx.root).networks[name];
  if (!existing) {
    throw new RuntimeError(`network ${name} declared as external, but could not be found: create it with \`compose network create ${name}\``);
  }
  await applyNetwork(ctx, existing);
  return existing;
}

/** Removes the rules and bridge of a network record; missing pieces are not an error. */
/** Removes the rules (its ports' included) and bridge of a network; missing pieces are not an error. */
export async function teardownNetwork(ctx: NetContext, net: Pick<NetworkRecord, 'bridge' | 'tag'>): Promise<void> {
  await removeRules(ctx.host, underTag(net.tag));
  for (const c of planBridgeRemoval(net)) await ctx.host.tryRun(c);
}

export async function removeNetwork(ctx: NetContext, name: string, options: { force?: boolean } = {}): Promise<void> {
  const state = readState(ctx.root);
  const net = state.networks[name];
  if (!net) return;
  const users = state.endpoints.filter((e) => e.network === name);
  if (users.length && !options.force) {
    throw new RuntimeError(`network ${name} has active endpoints: ${[...new Set(users.map((u) => u.containerName))].join(', ')}`);
  }
  await teardownNetwork(ctx, net);
  updateState(ctx.root, (s) => {
    const { [name]: _gone, ...networks } = s.networks;
    return {
      state: { networks, endpoints: s.endpoints.filter((e) => e.network !== name), ports: s.ports.filter((p) => p.network !== name) },
      result: undefined,
    };
  });
  if (ctx.dns) notifyDns(ctx.root);
}
