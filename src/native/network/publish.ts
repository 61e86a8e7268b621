/**
 * Publishing a container's ports: choose host ports, record them, add DNAT and FORWARD
 * rules towards the container's address on its first routed network. Any failure takes
 * back this container's ports, so `up` fails with nothing half-published.
 */
import type { PortConfig } from '../../model/project.js';
import type { PublishedPort } from '../../model/observed.js';
import { RuntimeError } from '../../errors.js';
import type { NetContext } from './context.js';
import { removePortRules } from './attach.js';
import { portRules, portTag } from './nat.js';
import { ensureRules } from './rules.js';
import { choosePorts, portRequests } from './ports.js';
import { readState, updateState, type PortRecord } from './state.js';

export interface PublishRequest {
  readonly containerId: string;
  readonly project: string;
  readonly service: string;
  readonly ports: readonly PortConfig[];
}

export async function publishPorts(ctx: NetContext, req: PublishRequest): Promise<PublishedPort[]> {
  if (req.ports.length === 0) return [];
  const state = readState(ctx.root);
  // published ports go to the first network that has a way out; internal networks publish nothing, as on Docker
  const endpoint = state.endpoints.find((e) => e.containerId === req.containerId && !state.networks[e.network]?.internal);
  if (!endpoint) return [];
  const others = state.ports.filter((p) => p.containerId !== req.containerId);
  const chosen = await choosePorts(req.service, portRequests(req.service, req.ports), others, ctx.probe);
  const records: PortRecord[] = chosen.map(({ request, hostPort }) => ({
    containerId: req.containerId,
    project: req.project,
    service: req.service,
    network: endpoint.network,
    hostIp: request.hostIp,
    hostPort,
    protocol: request.protocol,
    targetIp: endpoint.ip,
    targetPort: request.target,
  }));
  updateState(ctx.root, (s) => {
    for (const r of records) {
      const clash = s.ports.find(
        (p) => p.containerId !== req.containerId && p.hostPort === r.hostPort && p.protocol === r.protocol && (p.hostIp === r.hostIp || p.hostIp === '0.0.0.0' || r.hostIp === '0.0.0.0'),
      );
      if (clash) {
        throw new RuntimeError(`service ${req.service}: cannot publish port ${r.hostPort}/${r.protocol}: already published by service ${clash.service} of project ${clash.project}`);
      }
    }
    return { state: { ...s, ports: [...s.ports.filter((p) => p.containerId !== req.containerId), ...records] }, result: undefined };
  });
  const net = readState(ctx.root).networks[endpoint.network]!;
  try {
    await ensureRules(ctx.host, [{ tag: portTag(net, req.containerId), rules: records.flatMap((r) => portRules(r, net)) }]);
  } catch (err) {
    await unpublish(ctx, req.containerId);
    throw err;
  }
  return records.map((r) => ({ target: r.targetPort, protocol: r.protocol, hostIp: r.hostIp, published: r.hostPort }));
}

export async function unpublish(ctx: NetContext, containerId: string): Promise<void> {
  await removePortRules(ctx, readState(ctx.root), containerId);
  updateState(ctx.root, (s) => ({ state: { ...s, ports: s.ports.filter((p) => p.containerId !== containerId) }, result: undefined }));
}

/** What `ps` and `port` report for a container. */
export function publishedPorts(ctx: NetContext, containerId: string): PublishedPort[] {
  return readState(ctx.root)
    .ports.filter((p) => p.containerId === containerId)
    .map((r) => ({ target: r.targetPort, protocol: r.protocol, hostIp: r.hostIp, published: r.hostPort }));
}
