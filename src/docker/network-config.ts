/**
 * Network attachment: network_mode, or the service's networks with their aliases,
 * addresses and link aliases. Pure. Links on user-defined networks are endpoint
 * aliases the Engine's DNS answers only for the linking container.
 */
import type Docker from 'dockerode';
import type { Project, Service } from '../model/project.js';
import type { ContainerSpec } from '../runtime/runtime.js';
import { containerName } from '../runtime/compose-labels.js';

export interface Endpoints {
  readonly networkMode: string;
  readonly first?: { readonly network: string; readonly config: Docker.EndpointSettings };
  readonly rest: readonly { readonly network: string; readonly config: Docker.EndpointSettings }[];
}

/** `service:x` -> the first container of x; `container:y` passes through. */
export function networkMode(project: Project, mode: string): string {
  if (!mode.startsWith('service:')) return mode;
  const name = mode.slice('service:'.length);
  const target = project.services[name];
  return `container:${target ? containerName(project, target, 1) : `${project.name}-${name}-1`}`;
}

export function linkEntries(project: Project, s: Service): string[] {
  return s.links.map((l) => {
    const target = project.services[l.service];
    const name = target ? containerName(project, target, 1) : `${project.name}-${l.service}-1`;
    return `${name}:${l.alias}`;
  });
}

export function endpoints(spec: ContainerSpec): Endpoints {
  const { project, service } = spec;
  if (service.network_mode !== undefined) return { networkMode: networkMode(project, service.network_mode), rest: [] };
  const ordered = Object.entries(service.networks).sort(
    ([a, x], [b, y]) => (y.priority ?? 0) - (x.priority ?? 0) || a.localeCompare(b),
  );
  const links = linkEntries(project, service);
  const list = ordered.map(([key, cfg]) => {
    const network = project.networks[key]?.name ?? `${project.name}_${key}`;
    const config: Docker.EndpointSettings = {
      // one-off containers answer to no name: `run` must not steal the service's traffic
      Aliases: spec.oneoff ? [...cfg.aliases] : [spec.name, service.name, ...cfg.aliases],
    };
    if (links.length) config.Links = links;
    if (cfg.ipv4_address || cfg.ipv6_address || cfg.link_local_ips?.length) {
      config.IPAMConfig = {
        ...(cfg.ipv4_address ? { IPv4Address: cfg.ipv4_address } : {}),
        ...(cfg.ipv6_address ? { IPv6Address: cfg.ipv6_address } : {}),
        ...(cfg.link_local_ips?.length ? { LinkLocalIPs: [...cfg.link_local_ips] } : {}),
      };
    }
    if (cfg.mac_address) config.MacAddress = cfg.mac_address;
    return { network, config };
  });
  const [first, ...rest] = list;
  return { networkMode: first?.network ?? 'none', ...(first ? { first } : {}), rest };
}
