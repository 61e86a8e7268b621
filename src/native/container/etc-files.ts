/** The /etc/hostname, /etc/hosts and /etc/resolv.conf Berth writes for a container. */
import type { Service } from '../../model/project.js';

export function hostsFile(hostname: string, s: Pick<Service, 'extra_hosts'>): string {
  const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', `127.0.1.1\t${hostname}`];
  for (const entry of s.extra_hosts) {
    const i = entry.indexOf(':');
    const name = entry.slice(0, i);
    const ip = entry.slice(i + 1);
    if (ip !== 'host-gateway') lines.push(`${ip}\t${name}`);
  }
  return lines.join('\n') + '\n';
}

/** the host's resolv.conf without loopback resolvers (unreachable from a new net namespace), unless dns is set */
export function resolvConf(hostResolv: string, s: Pick<Service, 'dns' | 'dns_search' | 'dns_opt'>, hostNetwork: boolean): string {
  const hostLines = hostResolv.split('\n').map((l) => l.trim()).filter(Boolean);
  const servers = s.dns.length > 0 ? s.dns : hostLines.filter((l) => l.startsWith('nameserver')).map((l) => l.split(/\s+/)[1] ?? '')
    .filter((ip) => hostNetwork || !/^(127\.|::1$)/.test(ip));
  const search = s.dns_search.length > 0 ? s.dns_search : hostLines.filter((l) => l.startsWith('search')).flatMap((l) => l.split(/\s+/).slice(1));
  const opts = s.dns_opt.length > 0 ? s.dns_opt : hostLines.filter((l) => l.startsWith('options')).flatMap((l) => l.split(/\s+/).slice(1));
  return [
    ...servers.map((ip) => `nameserver ${ip}`),
    ...(search.length ? [`search ${search.join(' ')}`] : []),
    ...(opts.length ? [`options ${opts.join(' ')}`] : []),
  ].join('\n') + '\n';
}
