/** HostConfig families: resources, security, restart and logging. Pure. */
import type Docker from 'dockerode';
import type { Project, Service } from '../model/project.js';
import { networkMode as containerMode } from './network-config.js';

type Host = Docker.HostConfig;

export function hostResources(s: Service): Host {
  const limits = s.deploy?.resources.limits;
  const reservations = s.deploy?.resources.reservations;
  const memory = s.mem_limit ?? limits?.memory;
  const cpus = s.cpus ?? limits?.cpus;
  const pids = s.pids_limit ?? limits?.pids;
  const reservation = s.mem_reservation ?? reservations?.memory;
  const out: Host = {};
  if (memory !== undefined) out.Memory = memory;
  if (reservation !== undefined) out.MemoryReservation = reservation;
  if (s.memswap_limit !== undefined) out.MemorySwap = s.memswap_limit;
  if (cpus !== undefined) out.NanoCpus = Math.round(cpus * 1e9);
  if (s.cpu_shares !== undefined) out.CpuShares = s.cpu_shares;
  if (s.cpuset !== undefined) out.CpusetCpus = s.cpuset;
  if (pids !== undefined) out.PidsLimit = pids;
  if (s.shm_size !== undefined) out.ShmSize = s.shm_size;
  const ulimits = Object.entries(s.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard }));
  if (ulimits.length) out.Ulimits = ulimits;
  return out;
}

/** `project` resolves ipc/pid `service:x` to x's first container, as network_mode is */
export function hostSecurity(s: Service, project?: Project): Host {
  const out: Host = {
    Privileged: s.privileged,
    ReadonlyRootfs: s.read_only,
  };
  if (s.cap_add.length) out.CapAdd = [...s.cap_add];
  if (s.cap_drop.length) out.CapDrop = [...s.cap_drop];
  if (s.security_opt.length) out.SecurityOpt = [...s.security_opt];
  if (s.group_add.length) out.GroupAdd = [...s.group_add];
  if (Object.keys(s.sysctls).length) out.Sysctls = { ...s.sysctls };
  if (s.extra_hosts.length) out.ExtraHosts = s.extra_hosts.map(extraHost);
  if (s.dns.length) out.Dns = [...s.dns];
  if (s.dns_search.length) out.DnsSearch = [...s.dns_search];
  if (s.dns_opt.length) out.DnsOptions = [...s.dns_opt];
  if (s.devices.length) out.Devices = s.devices.map(device);
  if (s.ipc !== undefined && (project || !s.ipc.startsWith('service:'))) out.IpcMode = project ? containerMode(project, s.ipc) : s.ipc;
  if (s.pid !== undefined && (project || !s.pid.startsWith('service:'))) out.PidMode = project ? containerMode(project, s.pid) : s.pid;
  return out;
}

/** The Engine wants `host:ip`; Compose also accepts `host=ip`. */
function extraHost(entry: string): string {
  return entry.includes('=') ? entry.replace('=', ':') : entry;
}

function device(entry: string): Docker.DeviceMapping {
  const [host = '', container = host, perms = 'rwm'] = entry.split(':');
  return { PathOnHost: host, PathInContainer: container, CgroupPermissions: perms };
}

/** restart: wins over deploy.restart_policy; one-off `run` containers never restart. */
export function restartPolicy(s: Service, oneoff: boolean): Host {
  if (oneoff) return {};
  if (s.restart !== undefined) {
    const [name = 'no', count] = s.restart.split(':');
    return {
      RestartPolicy: { Name: name === 'no' ? '' : name, ...(count ? { MaximumRetryCount: Number(count) } : {}) },
    };
  }
  const p = s.deploy?.restart_policy;
  if (!p?.condition) return {};
  const name = p.condition === 'any' ? 'always' : p.condition === 'none' ? '' : 'on-failure';
  return { RestartPolicy: { Name: name, ...(p.max_attempts ? { MaximumRetryCount: p.max_attempts } : {}) } };
}

export function logConfig(s: Service): Host {
  if (!s.logging) return {};
  return { LogConfig: { Type: s.logging.driver ?? '', Config: { ...s.logging.options } } };
}
