/**
 * A Linux bridge per network, with the gateway address on it. Planned from what the host
 * has now so that ensuring an existing bridge (after a crash, or for a second project on an
 * external network) changes nothing, and a bridge lost in a reboot is created again.
 */
import type { Command } from './host.js';
import type { NetworkRecord } from './state.js';

export interface ObservedBridge {
  readonly exists: boolean;
  /** "a.b.c.d/n" addresses on it */
  readonly addresses: readonly string[];
  readonly up: boolean;
}

/** Reads a bridge's state from `ip -j addr show dev <bridge>` output (empty when missing). */
export function parseBridge(ipAddrJson: string): ObservedBridge {
  const links = JSON.parse(ipAddrJson || '[]') as { flags?: string[]; addr_info?: { family: string; local: string; prefixlen: number }[] }[];
  const link = links[0];
  if (!link) return { exists: false, addresses: [], up: false };
  return {
    exists: true,
    up: (link.flags ?? []).includes('UP'),
    addresses: (link.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
  };
}

/** A locally administered unicast MAC derived from the network id. */
export function bridgeMac(netId: string): string {
  const hex = netId.padEnd(10, '0').slice(0, 10);
  return ['02', ...(hex.match(/../g) ?? [])].join(':');
}

export function planBridge(net: NetworkRecord, observed: ObservedBridge): Command[] {
  const prefix = net.subnet.split('/')[1];
  const address = `${net.gateway}/${prefix}`;
  const out: Command[] = [];
  if (!observed.exists) {
    // a fixed MAC: otherwise the bridge takes its lowest port's MAC, which changes as containers
    // come and go and leaves the others with a stale ARP entry for their gateway for seconds
    out.push(['ip', 'link', 'add', net.bridge, 'address', bridgeMac(net.id), 'mtu', String(net.mtu), 'type', 'bridge']);
    // the alias names the state root and network, so a sweep can tell its own orphans apart
    out.push(['ip', 'link', 'set', net.bridge, 'alias', `${net.tag}/${net.name}`]);
  }
  if (!observed.addresses.includes(address)) out.push(['ip', 'addr', 'add', address, 'dev', net.bridge]);
  if (!observed.up) out.push(['ip', 'link', 'set', net.bridge, 'up']);
  return out;
}

export function planBridgeRemoval(net: Pick<NetworkRecord, 'bridge'>): Command[] {
  return [['ip', 'link', 'del', net.bridge]];
}

/** Sysctls a bridge needs: forwarding for NAT, route_localnet so 127.0.0.1 can be DNATed into it. */
export function bridgeSysctls(net: Pick<NetworkRecord, 'bridge'>): [string, string][] {
  return [
    ['net.ipv4.ip_forward', '1'],
    [`net.ipv4.conf.${net.bridge}.route_localnet`, '1'],
  ];
}
