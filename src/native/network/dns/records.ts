/**
 * Who resolves what, from the networking state, pure. A query is answered for the container
 * that asked (known by its source address on the network whose gateway it asked), from the
 * networks that container is on: service names (every replica), container names, short ids,
 * network aliases, and the container's own link aliases. Names on networks the asker does
 * not share never resolve, which keeps projects with equal service names apart.
 */
import type { EndpointRecord, NetState, NetworkRecord } from '../state.js';

export interface Asker {
  /** gateway address the query was sent to */
  readonly server: string;
  readonly client: string;
}

function namesOf(e: EndpointRecord): string[] {
  return [e.service, e.containerName, e.containerId.slice(0, 12), ...e.aliases].map((n) => n.toLowerCase());
}

/** undefined means "not a name of ours": forward it. */
export function resolve(state: NetState, asker: Asker, name: string): string[] | undefined {
  const server = Object.values(state.networks).find((n) => n.gateway === asker.server);
  if (!server) return undefined;
  const me = state.endpoints.find((e) => e.network === server.name && e.ip === asker.client);
  const myNetworks: NetworkRecord[] = [server];
  if (me) {
    for (const e of state.endpoints) {
      const net = state.networks[e.network];
      if (e.containerId === me.containerId && net && !myNetworks.includes(net)) myNetworks.push(net);
    }
  }
  const wanted = name.toLowerCase();
  const linkTarget = me ? Object.entries(me.links).find(([alias]) => alias.toLowerCase() === wanted)?.[1] : undefined;
  const seen = new Set<string>();
  const out: string[] = [];
  let known = false;
  for (const net of myNetworks) {
    for (const e of state.endpoints) {
      if (e.network !== net.name || seen.has(e.containerId)) continue;
      const byName = namesOf(e).includes(wanted);
      const byLink = linkTarget !== undefined && e.service === linkTarget && (!me || e.project === me.project);
      if (!byName && !byLink) continue;
      known = true;
      seen.add(e.containerId);
      out.push(e.ip);
    }
  }
  return known ? out : undefined;
}

/** Rotates a list by n, so consecutive answers for a scaled service start at different replicas. */
export function rotate<T>(list: readonly T[], n: number): T[] {
  if (list.length === 0) return [];
  const k = n % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}
