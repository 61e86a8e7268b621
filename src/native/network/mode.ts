/**
 * What a service's network_mode asks of the runtime. Only 'bridge' attaches endpoints; the
 * other modes decide which namespace the container gets, which is the container part's job.
 */
import type { Service } from '../../model/project.js';

export type NetworkMode =
  | { readonly kind: 'bridge' }
  | { readonly kind: 'host' }
  | { readonly kind: 'none' }
  /** share the namespace of a service's (first) container */
  | { readonly kind: 'service'; readonly service: string }
  /** share the namespace of a container by name or id */
  | { readonly kind: 'container'; readonly container: string };

export function networkMode(service: Pick<Service, 'network_mode'>): NetworkMode {
  const m = service.network_mode;
  if (m === undefined || m === 'bridge' || m === 'default') return { kind: 'bridge' };
  if (m === 'host') return { kind: 'host' };
  if (m === 'none') return { kind: 'none' };
  if (m.startsWith('service:')) return { kind: 'service', service: m.slice('service:'.length) };
  if (m.startsWith('container:')) return { kind: 'container', container: m.slice('container:'.length) };
  // a network name given as network_mode joins that network, as Docker does
  return { kind: 'bridge' };
}
