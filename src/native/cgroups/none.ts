/** No cgroups (e.g. an unprivileged test run): limits are not enforced and stats read zero. */
import type { CgroupManager } from './manager.js';

export function createNoCgroups(): CgroupManager {
  return {
    version: 'none',
    create: () => undefined,
    apply: () => undefined,
    procsFiles: () => [],
    addProcess: () => undefined,
    freeze: () => undefined,
    thaw: () => undefined,
    stats: () => ({ memoryUsage: 0, cpuUsageNs: 0, pids: 0 }),
    pids: () => [],
    remove: () => undefined,
  };
}
