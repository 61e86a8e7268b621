/**
 * Networking state on disk (<root>/network/state.json): networks, endpoints and published
 * ports. It is the source of truth for IPAM, clean-up and the DNS server, which reloads it
 * whenever it changes. Writers take a lock file and replace the file atomically, so the DNS
 * server never reads a half-written file.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../../errors.js';

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Takes the lock file, waiting for a live holder and breaking a dead one's lock. */
function lock(root: string): () => void {
  mkdirSync(networkDir(root), { recursive: true });
  const path = join(networkDir(root), 'state.lock');
  for (let i = 0; i < 3000; i++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(path, { force: true });
      else Atomics.wait(sleeper, 0, 0, 10);
    }
  }
  throw new RuntimeError(`timed out waiting for the lock ${path}`);
}

/**
 * Reads, changes and writes the state under the lock. `change` is synchronous on purpose:
 * the lock is held only for the bookkeeping, never across kernel calls.
 */
export function updateState<T>(root: string, change: (state: NetState) => { state: NetState; result: T }): T {
  const unlock = lock(root);
  try {
    const { state, result } = change(readState(root));
    writeState(root, state);
    return result;
  } finally {
    unlock();
  }
}
