/**
 * Taking a project's networking away, and finding what a crash or a reboot left behind.
 * State leads the kernel (recorded before created, forgotten after removed), so a sweep
 * compares the two: endpoints whose veth is gone belonged to containers that died; rules
 * and bridges tagged with this root but unknown to the state are orphans.
 */
import type { NetContext } from './context.js';
import { detach } from './attach.js';
import { notifyDns } from './dns/daemon.js';
import { removeRules } from './rules.js';
import { rootTag } from './names.js';
import { removeNetwork } from './network.js';
import { readState } from './state.js';

/** Detaches every container of the project and removes the networks it created. */
export async function removeProject(ctx: NetContext, project: string): Promise<void> {
  const state = readState(ctx.root);
  const ids = new Set(state.endpoints.filter((e) => e.project === project).map((e) => e.containerId));
  for (const p of state.ports) if (p.project === project) ids.add(p.containerId);
  for (const id of ids) await detach(ctx, id);
  for (const net of Object.values(readState(ctx.root).networks)) {
    if (net.project === project) await removeNetwork(ctx, net.name, { force: true });
  }
}

interface LinkInfo {
  readonly ifname: string;
  readonly ifalias?: string;
  readonly link_type?: string;
}

/** Pure: what the sweep would remove, from the state and `ip -j link show` output. */
export function planSweep(
  state: ReturnType<typeof readState>,
  links: readonly LinkInfo[],
  tag: string,
): { deadContainers: string[]; orphanBridges: string[] } {
  const present = new Set(links.map((l) => l.ifname));
  const dead = new Set<string>();
  for (const e of state.endpoints) if (!present.has(e.veth)) dead.add(e.containerId);
  const bridges = new Set(Object.values(state.networks).map((n) => n.bridge));
  const orphanBridges = links
    .filter((l) => l.ifname.startsWith('bt-') && l.ifalias?.startsWith(`${tag}:`) && !bridges.has(l.ifname))
    .map((l) => l.ifname);
  return { deadContainers: [...dead], orphanBridges };
}

/** Removes what died or was orphaned. Networks whose bridge a reboot took are made again by ensureNetwork. */
export async function sweepStale(ctx: NetContext): Promise<{ deadContainers: string[]; orphanBridges: string[] }> {
  const shown = await ctx.host.tryRun(['ip', '-j', 'link', 'show']);
  if (!shown.ok) return { deadContainers: [], orphanBridges: [] };
  const tag = rootTag(ctx.root);
  const plan = planSweep(readState(ctx.root), JSON.parse(shown.stdout || '[]') as LinkInfo[], tag);
  for (const id of plan.deadContainers) await detach(ctx, id);
  for (const br of plan.orphanBridges) await ctx.host.tryRun(['ip', 'link', 'del', br]);
  // rules of this root whose network the state no longer knows
  const known = Object.values(readState(ctx.root).networks).map((n) => n.tag);
  const prefix = `${tag}:`;
  await removeRules(ctx.host, (c) => c.startsWith(prefix) && !known.includes(c.split(':').slice(0, 3).join(':')));
  if (ctx.dns && plan.deadContainers.length) notifyDns(ctx.root);
  return plan;
}
