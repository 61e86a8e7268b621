/**
 * Which cgroup layout the host has: v2 when the root is a unified tree with controllers,
 * v1 when per-controller hierarchies are mounted (a v1 host may also carry an empty cgroup2
 * mount at /sys/fs/cgroup/unified, which is not usable for limits).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CgroupManager, CgroupVersion } from './manager.js';
import { createCgroupV1 } from './v1.js';
import { createCgroupV2, type DeviceFilterAttacher } from './v2.js';
import { createNoCgroups } from './none.js';
import { defaultShimPath } from '../paths.js';
import { RuntimeError } from '../../errors.js';

export function detectCgroupVersion(root = '/sys/fs/cgroup'): CgroupVersion {
  if (existsSync(join(root, 'cgroup.controllers'))) return 'v2';
  if (existsSync(join(root, 'memory', 'cgroup.procs'))) return 'v1';
  return 'none';
}

export function openCgroupManager(root = '/sys/fs/cgroup', version = detectCgroupVersion(root), shimPath = defaultShimPath()): CgroupManager {
  if (version === 'v2') return createCgroupV2(root, shimDeviceAttacher(shimPath));
  if (version === 'v1') return createCgroupV1(root);
  return createNoCgroups();
}

/** Node has no bpf(): the shim loads and attaches the devices program */
export function shimDeviceAttacher(shimPath: string): DeviceFilterAttacher {
  return (cgroupDir, rules) => {
    const r = spawnSync(shimPath, ['devices', cgroupDir, ...rules], { encoding: 'utf8' });
    if (r.status !== 0) throw new RuntimeError(`devices policy for ${cgroupDir}: ${r.error?.message ?? r.stderr.trim()}`);
  };
}
