/**
 * Networking state on disk (<root>/network/state.json): networks, endpoints and published
 * ports. It is the source of truth for IPAM, clean-up and the DNS server, which reloads it
 * whenever it changes. Writers take a lock file and replace the file atomically, so the DNS
 * server never reads a half-written file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../../errors.js';
import { lockSync } from './lock.js';

export interface NetworkRecord {
  readonly name: string;
  readonly id: string;
  /** compose project that created it; absent for `network create` */
  readonly project?: string;
  readonly key?: string;
  readonly bridge: string;
  /** comment on its iptables rules and alias of its bridge */
  readonly tag: string;
  readonly subnet: string;
  readonly gateway: string;
  readonly internal: boolean;
  readonly mtu: number;
  readonly labels: Readonly<Record<string, string>>;
  /** last address handed out, so addresses are not reused at once */
  readonly lastAddress?: string;
}

export interface EndpointRecord {
  readonly containerId: string;
  readonly containerName: string;
  readonly project: string;
  readonly service: string;
  readonly network: string;
  readonly ip: string;
  readonly veth: string;
  readonly ifname: string;
  readonly aliases: readonly string[];
  /** link aliases visible from this container: alias -> service */
  readonly links: Readonly<Record<string, string>>;
}

export interface PortRecord {
  readonly containerId: string;
  readonly project: string;
  readonly service: string;
  readonly network: string;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly targetIp: string;
  readonly targetPort: number;
}

export interface NetState {
  readonly networks: Readonly<Record<string, NetworkRecord>>;
  readonly endpoints: readonly EndpointRecord[];
  readonly ports: readonly PortRecord[];
}

export const EMPTY_STATE: NetState = { networks: {}, endpoints: [], ports: [] };

export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['BERTH_ROOT'] || '/var/lib/berth';
}

export function networkDir(root: string): string {
  return join(root, 'network');
}

export function statePath(root: string): string {
  return join(networkDir(root), 'state.json');
}

export function readState(root: string): NetState {
  try {
    const parsed = JSON.parse(readFileSync(statePath(root), 'utf8')) as Partial<NetState>;
    return { networks: parsed.networks ?? {}, endpoints: parsed.endpoints ?? [], ports: parsed.ports ?? [] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
    throw new RuntimeError(`cannot read ${statePath(root)}: ${(e as Error).message}`, { cause: e });
  }
}

function writeState(root: string, state: NetState): void {
  const tmp = `${statePath(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 1));
  renameSync(tmp, statePath(root));
}

/**
 * Reads, changes and writes the state under the lock. `change` is synchronous on purpose:
 * the lock is held only for the bookkeeping, never across kernel calls.
 */
export function updateState<T>(root: string, change: (state: NetState) => { state: NetState; result: T }): T {
  mkdirSync(networkDir(root), { recursive: true });
  const unlock = lockSync(join(networkDir(root), 'state.lock'));
  try {
    const { state, result } = change(readState(root));
    writeState(root, state);
    return result;
  } finally {
    unlock();
  }
}
