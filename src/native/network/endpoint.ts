/**
 * A container's endpoint on a network: a veth pair whose host side joins the bridge and
 * whose other side moves into the container's net namespace as ethN, with its address, and
 * the default route through the first network that is not internal. Commands inside the
 * namespace go through nsenter because the namespace is a /proc path, not a named netns.
 */
import type { Command } from './host.js';
import type { NetworkRecord } from './state.js';

export interface EndpointPlanInput {
  readonly netnsPath: string;
  readonly network: Pick<NetworkRecord, 'bridge' | 'subnet' | 'gateway' | 'mtu' | 'internal'>;
  readonly hostVeth: string;
  readonly peerVeth: string;
  /** name inside the container: eth0, eth1, ... */
  readonly ifname: string;
  readonly ip: string;
  readonly defaultRoute: boolean;
}

export function planAttach(e: EndpointPlanInput): Command[] {
  const inNs = (...args: string[]): Command => ['nsenter', `--net=${e.netnsPath}`, 'ip', ...args];
  const prefix = e.network.subnet.split('/')[1];
  const mtu = String(e.network.mtu);
  const out: Command[] = [
    ['ip', 'link', 'add', e.hostVeth, 'mtu', mtu, 'type', 'veth', 'peer', 'name', e.peerVeth, 'mtu', mtu],
    ['ip', 'link', 'set', e.hostVeth, 'master', e.network.bridge],
    // hairpin lets a container reach its own published port through a host address
    ['ip', 'link', 'set', e.hostVeth, 'type', 'bridge_slave', 'hairpin', 'on'],
    ['ip', 'link', 'set', e.hostVeth, 'up'],
    ['ip', 'link', 'set', e.peerVeth, 'netns', e.netnsPath],
    inNs('link', 'set', e.peerVeth, 'name', e.ifname),
    inNs('addr', 'add', `${e.ip}/${prefix}`, 'dev', e.ifname),
    inNs('link', 'set', e.ifname, 'up'),
    inNs('link', 'set', 'lo', 'up'),
  ];
  if (e.defaultRoute) out.push(inNs('route', 'replace', 'default', 'via', e.network.gateway, 'dev', e.ifname));
  return out;
}

/** Deleting the host side deletes the pair; a namespace that is gone took it already. */
export function planDetach(hostVeth: string): Command[] {
  return [['ip', 'link', 'del', hostVeth]];
}
