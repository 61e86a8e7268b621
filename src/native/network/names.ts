/**
 * Names of the kernel objects Berth creates. All start with `bt` so leftovers are easy to
 * find, and fit IFNAMSIZ (15 characters). They derive from a hash so that the same network
 * or endpoint always gets the same name, which makes clean-up after a crash possible.
 */
import { createHash } from 'node:crypto';

function hash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A stable id for a network, from the state root and its engine-level name. */
export function networkId(root: string, name: string): string {
  return hash(`network:${root}:${name}`, 12);
}

/** Marks objects of one state root (bridge ifalias, rule comments), so a sweep finds only its own. */
export function rootTag(root: string): string {
  return `berth:${hash(`root:${root}`, 8)}`;
}

export function bridgeName(netId: string): string {
  return `bt-${netId.slice(0, 10)}`;
}

/** Host side of a container's veth pair. */
export function hostVethName(containerId: string, network: string): string {
  return `btv${hash(`${containerId}/${network}`, 10)}`;
}

/** Temporary name of the container side before it is moved and renamed to ethN. */
export function peerVethName(containerId: string, network: string): string {
  return `btp${hash(`${containerId}/${network}`, 10)}`;
}

/**
 * The iptables comment that marks every rule of one network, so rules can be found again;
 * the network id already depends on the root, the root tag lets a sweep find orphans.
 */
export function ruleTag(root: string, netId: string): string {
  return `${rootTag(root)}:${netId}`;
}

export const CHAINS = {
  forward: 'BERTH-FORWARD',
  postrouting: 'BERTH-POSTROUTING',
  dnat: 'BERTH-DNAT',
} as const;
