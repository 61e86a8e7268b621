/**
 * The shim's `config` file: `key value` lines, repeated keys for lists, tab-separated fields
 * for records; backslash, newline and tab escaped. Kept line-based so the C side needs no JSON.
 */
import type { DeviceRecord, MountRecord } from './mounts.js';
import type { HealthSpec, RestartPolicy } from './limits.js';
import { stdinConfigValue, type StdioMode } from './stdio-mode.js';

export interface ShimConfig {
  readonly rootfs: string;
  /** lowest first, as the image store lists them */
  readonly layerDirs: readonly string[];
  readonly upperdir: string;
  readonly workdir: string;
  readonly readonlyRoot: boolean;
  readonly privileged: boolean;
  readonly hostname: string;
  readonly domainname?: string;
  /** 'new', 'host', or a path to a net namespace to join */
  readonly netns: string;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly caps: readonly number[];
  readonly mounts: readonly MountRecord[];
  readonly devices: readonly DeviceRecord[];
  readonly symlinks: readonly (readonly [string, string])[];
  readonly masked: readonly string[];
  readonly readonlyPaths: readonly string[];
  readonly sysctls: readonly (readonly [string, string])[];
  readonly rlimits: readonly (readonly [number, string, string])[];
  readonly cgroupProcs: readonly string[];
  readonly restart: RestartPolicy;
  readonly health?: HealthSpec;
  /** a terminal and stdin for the main process (stdio-mode.ts); absent: neither */
  readonly tty?: boolean;
  readonly stdin?: StdioMode['stdin'];
  /** seccomp rule records (seccomp.ts seccompRecords); empty: no filter */
  readonly seccomp?: readonly (readonly (string | number)[])[];
}

export function escapeValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

const rec = (fields: readonly (string | number)[]) => fields.map((f) => escapeValue(String(f))).join('\t');

export function formatShimConfig(c: ShimConfig): string {
  const lines: string[] = [];
  const put = (k: string, v: string | number) => lines.push(`${k} ${typeof v === 'number' ? v : escapeValue(v)}`);
  const putRec = (k: string, fields: readonly (string | number)[]) => lines.push(`${k} ${rec(fields)}`);
  put('rootfs', c.rootfs);
  // overlayfs wants the topmost lower layer first
  put('lowerdir', [...c.layerDirs].reverse().join(':'));
  put('upperdir', c.upperdir);
  put('workdir', c.workdir);
  put('rootfs_readonly', c.readonlyRoot ? 1 : 0);
  put('privileged', c.privileged ? 1 : 0);
  put('no_new_privs', c.privileged ? 0 : 1);
  put('hostname', c.hostname);
  if (c.domainname) put('domainname', c.domainname);
  put('netns', c.netns);
  put('cwd', c.cwd);
  put('uid', c.uid);
  put('gid', c.gid);
  c.groups.forEach((g) => put('group', g));
  c.args.forEach((a) => put('arg', a));
  c.env.forEach((e) => put('env', e));
  c.caps.forEach((n) => put('cap', n));
  c.mounts.forEach((m) => putRec('mount', [m.type, m.source, m.target, m.flags.join(','), m.data]));
  c.devices.forEach((d) => putRec('device', [d.path, d.kind, d.major, d.minor, d.mode, ...(d.uid !== undefined || d.hostPath ? [d.uid ?? 0, d.gid ?? 0] : []), ...(d.hostPath ? [d.hostPath] : [])]));
  c.symlinks.forEach(([target, link]) => putRec('symlink', [target, link]));
  c.masked.forEach((p) => put('mask', p));
  c.readonlyPaths.forEach((p) => put('ro_path', p));
  c.sysctls.forEach(([k, v]) => putRec('sysctl', [k, v]));
  c.rlimits.forEach((r) => putRec('rlimit', r));
  c.cgroupProcs.forEach((p) => put('cgroup_procs', p));
  (c.seccomp ?? []).forEach((r) => putRec('seccomp', r));
  if (c.tty) put('tty', 1);
  if (c.stdin) put('stdin', stdinConfigValue(c.stdin));
  put('restart', c.restart.name);
  put('restart_max', c.restart.max);
  if (c.health) {
    c.health.command.forEach((a) => put('health_cmd', a));
    put('health_interval_ms', Math.round(c.health.intervalMs));
    put('health_timeout_ms', Math.round(c.health.timeoutMs));
    put('health_retries', c.health.retries);
    put('health_start_period_ms', Math.round(c.health.startPeriodMs));
    put('health_start_interval_ms', Math.round(c.health.startIntervalMs));
  }
  return lines.join('\n') + '\n';
}
