/**
 * Where networking plugs into the container lifecycle. At start, the shim creates the
 * container's namespaces and holds its init at a barrier before exec; the runtime then calls
 * `attach` with /proc/<pid>/ns/net, and only after it resolves lets the process run. The
 * namespace is kept by the shim across restarts, so attach runs once per start, not per restart.
 * Implemented by src/native/network/index.ts (`createNetworkHook`), loaded when present.
 */
import type { Project } from '../../model/project.js';
import type { ObservedNetwork, PublishedPort } from '../../model/observed.js';

export interface NetworkAttachment {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly service: string;
  /** host pid of the container's init, waiting at the barrier */
  readonly pid: number;
  readonly netnsPath: string;
  readonly networks: Readonly<Record<string, { readonly aliases: readonly string[]; readonly ipv4_address?: string }>>;
}

export interface NetworkHook {
  createNetwork(project: Project, key: string): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  attach(container: NetworkAttachment): Promise<void>;
  /** after the container stopped, before its state is removed */
  detach(container: { readonly id: string; readonly project: string }): Promise<void>;
  /** (networking) host ports published for a container, for `ps` and `port` */
  publishedPorts?(id: string): PublishedPort[];
  /** (networking) the networks a project created, so `down` finds and removes them */
  observeNetworks?(project: string): ObservedNetwork[];
}
