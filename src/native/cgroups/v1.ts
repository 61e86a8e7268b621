/**
 * cgroup v1: one hierarchy per controller under the root (`<root>/memory/berth/<id>`, ...).
 * cpuset needs cpus and mems copied down from the parent before any process may join, and
 * the devices controller denies everything but the standard nodes and the service's devices
 * (device-rules.ts), as Docker does.
 */
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { CPU_PERIOD_US, type CgroupLimits, type CgroupManager, type CgroupStats } from './manager.js';
import { cgRead, cgReadPids, cgWrite, cgWriteIfPresent } from './fs-ops.js';
import { parseBlkioServiceBytes, parseFlatKeyed } from './stat-files.js';
import { killAndRemove } from './remove.js';
import { v1DeviceWrites } from './device-rules.js';

// blkio only for its statistics (`compose stats`): Berth sets no block I/O limits
const CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'cpuset', 'pids', 'freezer', 'devices', 'blkio'] as const;

export function createCgroupV1(root: string): CgroupManager {
  const present = () => CONTROLLERS.filter((c) => existsSync(join(root, c)));
  const dir = (ctrl: string, name: string) => join(root, ctrl, name);

  function initCpuset(path: string): void {
    // walk down from the hierarchy root so each level inherits its parent's cpus and mems
    const rel = path.slice(join(root, 'cpuset').length + 1).split('/');
    let cur = join(root, 'cpuset');
    for (const part of rel) {
      const parent = cur;
      cur = join(cur, part);
      mkdirSync(cur, { recursive: true });
      for (const f of ['cpuset.cpus', 'cpuset.mems']) {
        if (cgRead(join(cur, f)) === '') cgWriteIfPresent(join(cur, f), cgRead(join(parent, f)));
      }
    }
  }

  const m: CgroupManager = {
    version: 'v1',
    create(name, limits) {
      for (const c of present()) {
        const p = dir(c, name);
        if (c === 'cpuset') initCpuset(p);
        else mkdirSync(p, { recursive: true });
      }
      if (existsSync(dir('devices', name))) {
        for (const [file, rule] of v1DeviceWrites(limits.devices)) cgWriteIfPresent(join(dir('devices', name), file), rule);
      }
      m.apply(name, limits);
    },
    apply(name, l: CgroupLimits) {
      const mem = dir('memory', name);
      if (l.memory !== undefined) cgWrite(join(mem, 'memory.limit_in_bytes'), String(l.memory));
      if (l.memorySwap !== undefined) cgWriteIfPresent(join(mem, 'memory.memsw.limit_in_bytes'), String(l.memorySwap));
      const cpu = dir('cpu', name);
      if (l.cpus !== undefined) {
        cgWrite(join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
        cgWrite(join(cpu, 'cpu.cfs_quota_us'), String(Math.round(l.cpus * CPU_PERIOD_US)));
      }
      if (l.cpuShares !== undefined) cgWrite(join(cpu, 'cpu.shares'), String(l.cpuShares));
      if (l.cpuset !== undefined) cgWrite(join(dir('cpuset', name), 'cpuset.cpus'), l.cpuset);
      if (l.pids !== undefined) cgWrite(join(dir('pids', name), 'pids.max'), l.pids < 0 ? 'max' : String(l.pids));
    },
    procsFiles: (name) => present().map((c) => join(dir(c, name), 'cgroup.procs')),
    addProcess(name, pid) {
      for (const f of m.procsFiles(name)) cgWrite(f, String(pid));
    },
    freeze: (name) => cgWrite(join(dir('freezer', name), 'freezer.state'), 'FROZEN'),
    thaw: (name) => cgWrite(join(dir('freezer', name), 'freezer.state'), 'THAWED'),
    stats(name): CgroupStats {
      const limit = Number(cgRead(join(dir('memory', name), 'memory.limit_in_bytes')) || 0);
      return {
        memoryUsage: Number(cgRead(join(dir('memory', name), 'memory.usage_in_bytes')) || 0),
        // v1 reports "unlimited" as a huge page-aligned number
        ...(limit > 0 && limit < 2 ** 62 ? { memoryLimit: limit } : {}),
        cpuUsageNs: Number(cgRead(join(dir('cpuacct', name), 'cpuacct.usage')) || 0),
        pids: Number(cgRead(join(dir('pids', name), 'pids.current')) || 0),
        ...optionalV1Stats(dir('memory', name), dir('blkio', name)),
      };
    },
    pids: (name) => cgReadPids(join(dir(present()[0] ?? 'memory', name), 'cgroup.procs')),
    remove(name) {
      killAndRemove(() => m.pids(name), () => {
        for (const c of present()) {
          const p = dir(c, name);
          if (existsSync(p)) rmdirSync(p);
        }
      });
    },
  };
  return m;
}


function optionalV1Stats(memory: string, blkio: string): Pick<CgroupStats, 'inactiveFile' | 'blockRead' | 'blockWrite'> {
  const inactive = parseFlatKeyed(cgRead(join(memory, 'memory.stat'))).total_inactive_file;
  const io = cgRead(join(blkio, 'blkio.throttle.io_service_bytes_recursive'));
  const block = io ? parseBlkioServiceBytes(io) : undefined;
  return {
    ...(inactive !== undefined ? { inactiveFile: inactive } : {}),
    ...(block ? { blockRead: block.read, blockWrite: block.write } : {}),
  };
}
