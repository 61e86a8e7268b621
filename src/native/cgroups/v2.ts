/**
 * cgroup v2: one unified tree (`<root>/berth/<id>`); controllers must be enabled in every
 * ancestor's cgroup.subtree_control. Freezing is cgroup.freeze; cpu_shares maps to cpu.weight
 * with the conversion runc and crun use. The devices policy is an eBPF program attached by
 * `berth-shim devices` (attachDevices), as runc and crun attach theirs.
 */
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { CPU_PERIOD_US, type CgroupLimits, type CgroupManager, type CgroupStats } from './manager.js';
import { cgRead, cgReadPids, cgWrite, cgWriteIfPresent } from './fs-ops.js';
import { parseFlatKeyed, parseIoStat } from './stat-files.js';
import { killAndRemove } from './remove.js';
import { allowedDevices, deviceRuleText } from './device-rules.js';

export function sharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** attaches the devices policy (v1-syntax rules) to a cgroup directory; v2 has no files for it */
export type DeviceFilterAttacher = (cgroupDir: string, rules: readonly string[]) => void;

export function createCgroupV2(root: string, attachDevices?: DeviceFilterAttacher): CgroupManager {
  const dir = (name: string) => join(root, name);

  function enableControllers(name: string): void {
    const wanted = cgRead(join(root, 'cgroup.controllers')).split(/\s+/).filter((c) => ['cpu', 'cpuset', 'io', 'memory', 'pids'].includes(c));
    if (wanted.length === 0) return;
    let cur = root;
    for (const part of name.split('/').slice(0, -1)) {
      // enable in the parent before creating each child level
      cgWriteIfPresent(join(cur, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' '));
      cur = join(cur, part);
      mkdirSync(cur, { recursive: true });
    }
    cgWriteIfPresent(join(cur, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' '));
  }

  const m: CgroupManager = {
    version: 'v2',
    create(name, limits) {
      enableControllers(name);
      mkdirSync(dir(name), { recursive: true });
      attachDevices?.(dir(name), allowedDevices(limits.devices).map(deviceRuleText));
      m.apply(name, limits);
    },
    apply(name, l: CgroupLimits) {
      const d = dir(name);
      if (l.memory !== undefined) cgWrite(join(d, 'memory.max'), String(l.memory));
      if (l.memorySwap !== undefined) {
        // v2 limits swap alone; Compose's memswap_limit is memory + swap
        const swap = l.memorySwap < 0 ? 'max' : String(Math.max(0, l.memorySwap - (l.memory ?? 0)));
        cgWriteIfPresent(join(d, 'memory.swap.max'), swap);
      }
      if (l.cpus !== undefined) cgWrite(join(d, 'cpu.max'), `${Math.round(l.cpus * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
      if (l.cpuShares !== undefined) cgWrite(join(d, 'cpu.weight'), String(sharesToWeight(l.cpuShares)));
      if (l.cpuset !== undefined) cgWrite(join(d, 'cpuset.cpus'), l.cpuset);
      if (l.pids !== undefined) cgWrite(join(d, 'pids.max'), l.pids < 0 ? 'max' : String(l.pids));
    },
    procsFiles: (name) => [join(dir(name), 'cgroup.procs')],
    addProcess: (name, pid) => cgWrite(join(dir(name), 'cgroup.procs'), String(pid)),
    freeze: (name) => cgWrite(join(dir(name), 'cgroup.freeze'), '1'),
    thaw: (name) => cgWrite(join(dir(name), 'cgroup.freeze'), '0'),
    stats(name): CgroupStats {
      const d = dir(name);
      const max = cgRead(join(d, 'memory.max'));
      const usage = /usage_usec (\d+)/.exec(cgRead(join(d, 'cpu.stat')));
      return {
        memoryUsage: Number(cgRead(join(d, 'memory.current')) || 0),
        ...(max && max !== 'max' ? { memoryLimit: Number(max) } : {}),
        cpuUsageNs: Number(usage?.[1] ?? 0) * 1000,
        pids: Number(cgRead(join(d, 'pids.current')) || 0),
        ...optionalV2Stats(d),
      };
    },
    pids: (name) => cgReadPids(join(dir(name), 'cgroup.procs')),
    remove(name) {
      const d = dir(name);
      if (!existsSync(d)) return;
      cgWriteIfPresent(join(d, 'cgroup.kill'), '1');
      killAndRemove(() => m.pids(name), () => existsSync(d) && rmdirSync(d));
    },
  };
  return m;
}

function optionalV2Stats(d: string): Pick<CgroupStats, 'inactiveFile' | 'blockRead' | 'blockWrite'> {
  const inactive = parseFlatKeyed(cgRead(join(d, 'memory.stat'))).inactive_file;
  // io.stat exists (possibly empty) once the io controller is enabled for the cgroup
  const io = existsSync(join(d, 'io.stat')) ? parseIoStat(cgRead(join(d, 'io.stat'))) : undefined;
  return {
    ...(inactive !== undefined ? { inactiveFile: inactive } : {}),
    ...(io ? { blockRead: io.read, blockWrite: io.write } : {}),
  };
}
