/**
 * `devices:` for the native backend: each entry names a host node (or a directory of nodes, as
 * Docker allows for /dev/snd), which the shim recreates in the container's /dev with the host's
 * major:minor, mode and owner, and which the devices cgroup allows with the entry's permissions.
 * `privileged: true` gets every host device and an allow-all policy, as in Docker.
 * Parsing is pure; reading the host's nodes goes through a small DeviceHost so tests need no /dev.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { RuntimeError } from '../../errors.js';
import type { DevicePolicy, DeviceRule } from '../cgroups/device-rules.js';
import type { DeviceRecord } from './mounts.js';

export interface DeviceSpec {
  readonly host: string;
  readonly container: string;
  readonly access: string;
}

const isAccess = (s: string) => s.length > 0 && /^[rwm]+$/.test(s) && new Set(s).size === s.length;

/** "/dev/sda", "/dev/sda:/dev/xvda", "/dev/sda:r", "/dev/sda:/dev/xvda:rwm" (Docker's forms) */
export function parseDeviceSpec(service: string, spec: string): DeviceSpec {
  const parts = spec.split(':');
  const fail = (why: string) => new RuntimeError(`service ${service}: devices ${spec}: ${why}`);
  if (parts.length > 3 || parts.some((p) => p === '')) throw fail('expected HOST[:CONTAINER][:PERMISSIONS]');
  const [host = '', second, third] = parts;
  if (!host.startsWith('/')) throw fail('the host path must be absolute (device names such as CDI ones are not supported)');
  let container = host;
  let access = 'rwm';
  if (third !== undefined) [container, access] = [second ?? host, third];
  else if (second !== undefined && isAccess(second)) access = second;
  else if (second !== undefined) container = second;
  if (!container.startsWith('/')) throw fail('the container path must be absolute');
  if (!isAccess(access)) throw fail(`bad permissions ${access} (a combination of r, w and m)`);
  return { host, container: posix.normalize(container), access };
}

export interface HostNode {
  readonly kind: 'c' | 'b';
  readonly major: number;
  readonly minor: number;
  /** permission bits */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface DeviceHost {
  /** a node, 'dir', or undefined when the path is neither (or missing) */
  inspect(path: string): HostNode | 'dir' | undefined;
  /** the entries of dir, symlinks left out */
  list(dir: string): string[];
}

export interface ResolvedDevices {
  readonly records: readonly DeviceRecord[];
  readonly policy: DevicePolicy;
}

/** what each container has of its own in /dev (ptmx stays the link to its devpts instance) */
const SKIPPED_IN_DEV = new Set(['pts', 'shm', 'fd', 'mqueue', '.lxc', '.lxd-mounts', '.udev', 'console', 'ptmx']);

function record(path: string, n: HostNode, hostPath: string): DeviceRecord {
  return { path, kind: n.kind, major: n.major, minor: n.minor, mode: n.mode.toString(8), uid: n.uid, gid: n.gid, ...(hostPath !== path ? { hostPath } : {}) };
}

/** every node under dir, as [path relative to dir, node]; skipping /dev's per-container parts at the top */
function walk(host: DeviceHost, dir: string, rel = '', top = false): [string, HostNode][] {
  const out: [string, HostNode][] = [];
  for (const name of host.list(dir).sort()) {
    if (top && SKIPPED_IN_DEV.has(name)) continue;
    const node = host.inspect(join(dir, name));
    if (node === 'dir') out.push(...walk(host, join(dir, name), posix.join(rel, name)));
    else if (node) out.push([posix.join(rel, name), node]);
  }
  return out;
}

export function resolveDevices(service: { readonly name: string; readonly privileged: boolean; readonly devices: readonly string[] }, host: DeviceHost): ResolvedDevices {
  const records = new Map<string, DeviceRecord>();
  const rules: DeviceRule[] = [];
  if (service.privileged) for (const [rel, n] of walk(host, '/dev', '', true)) records.set(`/dev/${rel}`, record(`/dev/${rel}`, n, `/dev/${rel}`));
  for (const raw of service.devices) {
    const spec = parseDeviceSpec(service.name, raw);
    const node = host.inspect(spec.host);
    if (node === undefined) throw new RuntimeError(`service ${service.name}: devices ${raw}: ${spec.host} is not a device on this host`);
    const nodes: [string, HostNode][] = node === 'dir' ? walk(host, spec.host) : [['', node]];
    for (const [rel, n] of nodes) {
      const path = rel ? posix.join(spec.container, rel) : spec.container;
      records.set(path, record(path, n, rel ? posix.join(spec.host, rel) : spec.host));
      rules.push({ kind: n.kind, major: n.major, minor: n.minor, access: spec.access });
    }
  }
  return { records: [...records.values()], policy: service.privileged ? 'all' : rules };
}

/** dev_t as the kernel encodes it (glibc's gnu_dev_major/minor) */
function splitDev(rdev: bigint): [number, number] {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return [Number(major), Number(minor)];
}

const S_IFMT = 0o170000n;

export const hostDevices: DeviceHost = {
  inspect(path) {
    let st;
    try {
      st = statSync(path, { bigint: true });
    } catch {
      return undefined;
    }
    const type = st.mode & S_IFMT;
    if (type === 0o040000n) return 'dir';
    if (type !== 0o020000n && type !== 0o060000n) return undefined;
    const [major, minor] = splitDev(st.rdev);
    return { kind: type === 0o020000n ? 'c' : 'b', major, minor, mode: Number(st.mode & 0o777n), uid: Number(st.uid), gid: Number(st.gid) };
  },
  list(dir) {
    try {
      // symlinks (/dev/stdin, /dev/disk/by-id/...) name nodes that are listed under their own name
      return readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isSymbolicLink()).map((e) => e.name);
    } catch {
      return [];
    }
  },
};
