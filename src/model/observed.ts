/**
 * What a backend found of a project, identified by labels on its resources
 * (com.docker.compose.project/service/container-number/config-hash ...), so that
 * `ps` and `down` work without the compose file.
 */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing';
export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly configHash: string;
  readonly image: string;
  readonly state: ContainerState;
  readonly health: HealthState;
  readonly exitCode?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly created?: string;
  readonly ports?: readonly PublishedPort[];
}

export interface PublishedPort {
  readonly target: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly hostIp?: string;
  readonly published?: number;
}

export interface ObservedNetwork {
  readonly id: string;
  /** the engine-level name, e.g. `myproj_default` */
  readonly name: string;
  /** the key in the compose file, from the com.docker.compose.network label */
  readonly key?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ObservedVolume {
  readonly name: string;
  readonly key?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ObservedProject {
  readonly containers: readonly ObservedContainer[];
  readonly networks: readonly ObservedNetwork[];
  readonly volumes: readonly ObservedVolume[];
}

export const EMPTY_OBSERVED: ObservedProject = { containers: [], networks: [], volumes: [] };
