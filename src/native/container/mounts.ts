/**
 * The container's filesystem view as mount records for the shim, in order: kernel
 * filesystems and /dev first, then the etc files Berth writes, then the service's volumes
 * (which may cover any of those). Host paths are resolved here; the shim only mounts.
 */
import type { Service, ServiceVolume } from '../../model/project.js';
import { RuntimeError } from '../../errors.js';

export interface MountRecord {
  readonly type: string;
  readonly source: string;
  /** container path */
  readonly target: string;
  readonly flags: readonly string[];
  readonly data: string;
}

export interface DeviceRecord {
  readonly path: string;
  readonly kind: 'c' | 'b';
  readonly major: number;
  readonly minor: number;
  readonly mode: string;
  /** the owner of the node; root when absent */
  readonly uid?: number;
  readonly gid?: number;
  /** the host node, when it differs from path: bound instead where mknod is refused */
  readonly hostPath?: string;
}

/** Docker's masked and read-only paths under /proc and /sys */
export const MASKED_PATHS: readonly string[] = [
  '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
  '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export const DEFAULT_DEVICES: readonly DeviceRecord[] = [
  { path: '/dev/null', kind: 'c', major: 1, minor: 3, mode: '666' },
  { path: '/dev/zero', kind: 'c', major: 1, minor: 5, mode: '666' },
  { path: '/dev/full', kind: 'c', major: 1, minor: 7, mode: '666' },
  { path: '/dev/random', kind: 'c', major: 1, minor: 8, mode: '666' },
  { path: '/dev/urandom', kind: 'c', major: 1, minor: 9, mode: '666' },
  { path: '/dev/tty', kind: 'c', major: 5, minor: 0, mode: '666' },
];

export const DEFAULT_SYMLINKS: readonly (readonly [string, string])[] = [
  ['/proc/self/fd', '/dev/fd'],
  ['/proc/self/fd/0', '/dev/stdin'],
  ['/proc/self/fd/1', '/dev/stdout'],
  ['/proc/self/fd/2', '/dev/stderr'],
  ['pts/ptmx', '/dev/ptmx'],
  ['/proc/kcore', '/dev/core'],
];

const SHM_DEFAULT = 64 * 1024 * 1024;

export function systemMounts(service: Pick<Service, 'privileged' | 'shm_size'>, etcFiles: { hostname: string; hosts: string; resolv: string }): MountRecord[] {
  const sysFlags = service.privileged ? ['nosuid', 'nodev', 'noexec'] : ['ro', 'nosuid', 'nodev', 'noexec'];
  return [
    { type: 'proc', source: 'proc', target: '/proc', flags: ['nosuid', 'nodev', 'noexec'], data: '' },
    { type: 'tmpfs', source: 'tmpfs', target: '/dev', flags: ['nosuid', 'strictatime'], data: 'mode=755,size=65536k' },
    { type: 'devpts', source: 'devpts', target: '/dev/pts', flags: ['nosuid', 'noexec'], data: 'newinstance,ptmxmode=0666,mode=0620,gid=5' },
    { type: 'tmpfs', source: 'shm', target: '/dev/shm', flags: ['nosuid', 'nodev', 'noexec'], data: `mode=1777,size=${service.shm_size ?? SHM_DEFAULT}` },
    { type: 'mqueue', source: 'mqueue', target: '/dev/mqueue', flags: ['nosuid', 'nodev', 'noexec'], data: '' },
    { type: 'sysfs', source: 'sysfs', target: '/sys', flags: sysFlags, data: '' },
    { type: 'none', source: etcFiles.hostname, target: '/etc/hostname', flags: ['bind', 'file'], data: '' },
    { type: 'none', source: etcFiles.hosts, target: '/etc/hosts', flags: ['bind', 'file'], data: '' },
    { type: 'none', source: etcFiles.resolv, target: '/etc/resolv.conf', flags: ['bind', 'file'], data: '' },
  ];
}

/** named or anonymous volume name -> host directory; provided by the runtime */
export type VolumeDirOf = (volume: ServiceVolume) => string;

export function volumeMounts(service: Pick<Service, 'name' | 'volumes' | 'tmpfs'>, volumeDir: VolumeDirOf): MountRecord[] {
  const out: MountRecord[] = [];
  for (const v of service.volumes) {
    const ro = v.read_only ? ['ro'] : [];
    switch (v.type) {
      case 'bind':
        if (!v.source) throw new RuntimeError(`service ${service.name}: bind mount ${v.target} has no source`);
        out.push({ type: 'none', source: v.source, target: v.target, flags: ['rbind', ...ro], data: '' });
        break;
      case 'volume':
        out.push({ type: 'none', source: volumeDir(v), target: v.target, flags: ['rbind', ...ro], data: '' });
        break;
      case 'tmpfs': {
        const opts = [v.tmpfs?.size !== undefined ? `size=${v.tmpfs.size}` : '', v.tmpfs?.mode !== undefined ? `mode=${v.tmpfs.mode.toString(8)}` : ''];
        out.push({ type: 'tmpfs', source: 'tmpfs', target: v.target, flags: ['nosuid', 'nodev', ...ro], data: opts.filter(Boolean).join(',') });
        break;
      }
      default:
        throw new RuntimeError(`service ${service.name}: volume type ${v.type} is not supported by the native backend`);
    }
  }
  for (const t of service.tmpfs) {
    const [target = '', opts = ''] = splitOnce(t, ':');
    out.push({ type: 'tmpfs', source: 'tmpfs', target, flags: ['nosuid', 'nodev', 'noexec'], data: opts });
  }
  return out;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}
