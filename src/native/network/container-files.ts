/**
 * The files that tell a container where names come from: /etc/resolv.conf points at the
 * Berth DNS server on the gateway of the container's first network; /etc/hosts has
 * localhost, the container's own name and extra_hosts (host-gateway is that same gateway,
 * an address of the host the container can always reach).
 */
import { readFileSync } from 'node:fs';
import type { NetContext } from './context.js';
import { readState, type NetState } from './state.js';

export interface ResolvOptions {
  readonly dns_search?: readonly string[];
  readonly dns_opt?: readonly string[];
  /** the host's resolv.conf text, for search domains and for containers without a network */
  readonly hostResolvConf?: string;
}

function hostResolv(): string {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return '';
  }
}

function firstGateway(state: NetState, containerId: string, routedOnly: boolean): string | undefined {
  for (const e of state.endpoints) {
    if (e.containerId !== containerId) continue;
    const net = state.networks[e.network];
    if (net && (!routedOnly || !net.internal)) return net.gateway;
  }
  return undefined;
}

/** Pure: the resolv.conf text for a container given the state. */
export function renderResolvConf(state: NetState, containerId: string, o: ResolvOptions): string {
  const host = o.hostResolvConf ?? '';
  const gw = firstGateway(state, containerId, false);
  if (!gw) return host; // host, none, or not attached: the host's own resolvers, as on Docker
  const hostSearch = host
    .split('\n')
    .filter((l) => /^\s*search\s/.test(l))
    .flatMap((l) => l.trim().split(/\s+/).slice(1));
  const search = o.dns_search?.length ? o.dns_search : hostSearch;
  const lines = [`nameserver ${gw}`];
  if (search.length) lines.push(`search ${search.join(' ')}`);
  lines.push(`options ${['ndots:0', ...(o.dns_opt ?? [])].join(' ')}`);
  return `${lines.join('\n')}\n`;
}

export function resolvConf(ctx: NetContext, containerId: string, o: ResolvOptions = {}): string {
  return renderResolvConf(readState(ctx.root), containerId, { ...o, hostResolvConf: o.hostResolvConf ?? hostResolv() });
}

export interface HostsOptions {
  readonly hostname: string;
  /** "name:ip" or "name:host-gateway" (also "name=ip") */
  readonly extraHosts: readonly string[];
}

/** Pure: the /etc/hosts text for a container given the state. */
export function renderHosts(state: NetState, containerId: string, o: HostsOptions): string {
  const own = state.endpoints.find((e) => e.containerId === containerId);
  const gateway = firstGateway(state, containerId, true) ?? firstGateway(state, containerId, false) ?? '127.0.0.1';
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  if (own) lines.push(`${own.ip}\t${o.hostname}`);
  for (const entry of o.extraHosts) {
    const m = /^([^:=]+)[:=](.+)$/.exec(entry);
    if (!m?.[1] || !m[2]) continue;
    const addr = m[2] === 'host-gateway' ? gateway : m[2].replace(/^\[(.*)\]$/, '$1');
    lines.push(`${addr}\t${m[1]}`);
  }
  return `${lines.join('\n')}\n`;
}

export function hostsEntries(ctx: NetContext, containerId: string, o: HostsOptions): string {
  return renderHosts(readState(ctx.root), containerId, o);
}
