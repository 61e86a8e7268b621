/**
 * Which cgroup layout the host has: v2 when the root is a unified tree with controllers,
 * v1 when per-controller hierarchies are mounted (a v1 host may also carry an empty cgroup2
 * mount at /sys/fs/cgroup/unified, which is not usable for limits).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupManager, CgroupVersion } from './manager.js';
import { createCgroupV1 } from './v1.js';
import { createCgroupV2 } from './v2.js';
import { createNoCgroups } from './none.js';

export function detectCgroupVersion(root = '/sys/fs/cgroup'): CgroupVersion {
  if (existsSync(join(root, 'cgroup.controllers'))) return 'v2';
  if (existsSync(join(root, 'memory', 'cgroup.procs'))) return 'v1';
  return 'none';
}

export function openCgroupManager(root = '/sys/fs/cgroup', version = detectCgroupVersion(root)): CgroupManager {
  if (version === 'v2') return createCgroupV2(root);
  if (version === 'v1') return createCgroupV1(root);
  return createNoCgroups();
}
