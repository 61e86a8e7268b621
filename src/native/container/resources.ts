/** The service's resource fields as cgroup limits: the short fields win over deploy.resources.limits. */
import type { Service } from '../../model/project.js';
import type { CgroupLimits } from '../cgroups/manager.js';

export function cgroupLimits(s: Pick<Service, 'mem_limit' | 'memswap_limit' | 'cpus' | 'cpu_shares' | 'cpuset' | 'pids_limit' | 'deploy'>): CgroupLimits {
  const lim = s.deploy?.resources.limits;
  const memory = s.mem_limit ?? lim?.memory;
  const cpus = s.cpus ?? lim?.cpus;
  const pids = s.pids_limit ?? lim?.pids;
  return {
    ...(memory !== undefined ? { memory } : {}),
    ...(s.memswap_limit !== undefined ? { memorySwap: s.memswap_limit } : {}),
    ...(cpus !== undefined && cpus > 0 ? { cpus } : {}),
    ...(s.cpu_shares !== undefined ? { cpuShares: s.cpu_shares } : {}),
    ...(s.cpuset !== undefined ? { cpuset: s.cpuset } : {}),
    ...(pids !== undefined ? { pids } : {}),
  };
}
