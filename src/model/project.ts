/**
 * The normalized project: what the parser produces and everything else reads.
 * Field names follow the Compose Specification (snake_case) so that `compose config`
 * prints the model as it is. Short syntaxes are already expanded, defaults filled in,
 * sizes are bytes and durations are milliseconds.
 */
import type { SourceLocation } from './location.js';

export type FileFormat = 'spec' | 'v1';

export interface Project {
  readonly name: string;
  /** absolute project directory */
  readonly working_dir: string;
  /** absolute paths of the files the project was read from, in order */
  readonly config_files: readonly string[];
  readonly format: FileFormat;
  readonly services: Readonly<Record<string, Service>>;
  /** services present in the files but disabled by their profiles */
  readonly disabled_services: Readonly<Record<string, Service>>;
  readonly networks: Readonly<Record<string, Network>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly secrets: Readonly<Record<string, SecretOrConfig>>;
  readonly configs: Readonly<Record<string, SecretOrConfig>>;
  /** top-level x-* extensions, kept verbatim */
  readonly extensions: Readonly<Record<string, unknown>>;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOn {
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
}

/** Where an edge of the dependency graph came from. */
export type DependencyKind = 'depends_on' | 'link' | 'network_mode' | 'volumes_from' | 'ipc' | 'pid';

/**
 * One edge `service -> dependency`, folded from depends_on, links, network_mode/ipc/pid
 * `service:x` and volumes_from. The planner reads only this list.
 */
export interface Dependency {
  readonly service: string;
  readonly kind: DependencyKind;
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
  /** for links: the alias the dependent uses (`links: ["db:database"]` -> "database") */
  readonly alias?: string;
  readonly location?: SourceLocation;
}

export interface BuildConfig {
  readonly context: string;
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly args: Readonly<Record<string, string | null>>;
  readonly target?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface PortConfig {
  /** container port */
  readonly target: number;
  /** host port or range ("8000-8010"); absent means a random host port */
  readonly published?: string;
  readonly host_ip?: string;
  readonly protocol: Protocol;
  readonly mode: 'ingress' | 'host';
  readonly name?: string;
  readonly app_protocol?: string;
}

export type VolumeType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface ServiceVolume {
  readonly type: VolumeType;
  /** bind: absolute host path; volume: volume name (absent = anonymous) */
  readonly source?: string;
  readonly target: string;
  readonly read_only: boolean;
  readonly consistency?: string;
  readonly bind?: { readonly propagation?: string; readonly create_host_path: boolean; readonly selinux?: string };
  readonly volume?: { readonly nocopy: boolean; readonly subpath?: string };
  readonly tmpfs?: { readonly size?: number; readonly mode?: number };
}

export interface ServiceNetwork {
  readonly aliases: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly priority?: number;
  readonly mac_address?: string;
  readonly link_local_ips?: readonly string[];
}

export interface Healthcheck {
  /** ["NONE"], ["CMD", ...] or ["CMD-SHELL", "..."] */
  readonly test?: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly start_period?: number;
  readonly start_interval?: number;
  readonly disable: boolean;
}

export interface ResourceSpec {
  readonly cpus?: number;
  /** bytes */
  readonly memory?: number;
  readonly pids?: number;
}

export interface Deploy {
  readonly mode?: string;
  readonly replicas?: number;
  readonly resources: { readonly limits?: ResourceSpec; readonly reservations?: ResourceSpec };
  readonly restart_policy?: {
    readonly condition?: 'none' | 'on-failure' | 'any';
    readonly delay?: number;
    readonly max_attempts?: number;
    readonly window?: number;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

export interface ServiceFileReference {
  readonly source: string;
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
}

export interface Service {
  readonly name: string;
  readonly image?: string;
  readonly build?: BuildConfig;
  readonly pull_policy?: 'always' | 'never' | 'missing' | 'build' | 'if_not_present' | string;
  /** null means "the image's default" (absent in the file); [] means explicitly empty */
  readonly command: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  /** after env_file and interpolation; null value = pass through from the caller's environment if set */
  readonly environment: Readonly<Record<string, string | null>>;
  readonly env_file: readonly { readonly path: string; readonly required: boolean }[];
  readonly ports: readonly PortConfig[];
  readonly expose: readonly string[];
  readonly volumes: readonly ServiceVolume[];
  readonly volumes_from: readonly string[];
  /** absent when network_mode is set */
  readonly networks: Readonly<Record<string, ServiceNetwork>>;
  readonly network_mode?: string;
  /** "service:alias" pairs as written, alias defaulting to the service name */
  readonly links: readonly { readonly service: string; readonly alias: string }[];
  readonly external_links: readonly string[];
  readonly depends_on: Readonly<Record<string, DependsOn>>;
  /** every edge of this service in the dependency graph, explicit and implicit */
  readonly dependencies: readonly Dependency[];
  readonly healthcheck?: Healthcheck;
  readonly restart?: string;
  readonly deploy?: Deploy;
  readonly scale?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly container_name?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly user?: string;
  readonly working_dir?: string;
  readonly init?: boolean;
  readonly privileged: boolean;
  readonly read_only: boolean;
  readonly stdin_open: boolean;
  readonly tty: boolean;
  readonly stop_signal?: string;
  readonly stop_grace_period?: number;
  readonly cap_add: readonly string[];
  readonly cap_drop: readonly string[];
  readonly tmpfs: readonly string[];
  readonly ulimits: Readonly<Record<string, Ulimit>>;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly shm_size?: number;
  /** "host:ip" (or "host:host-gateway") */
  readonly extra_hosts: readonly string[];
  readonly dns: readonly string[];
  readonly dns_search: readonly string[];
  readonly dns_opt: readonly string[];
  readonly mem_limit?: number;
  readonly mem_reservation?: number;
  readonly memswap_limit?: number;
  readonly cpus?: number;
  readonly cpu_shares?: number;
  readonly cpuset?: string;
  readonly pids_limit?: number;
  readonly group_add: readonly string[];
  readonly ipc?: string;
  readonly pid?: string;
  readonly security_opt: readonly string[];
  readonly devices: readonly string[];
  readonly logging?: { readonly driver?: string; readonly options: Readonly<Record<string, string>> };
  readonly profiles: readonly string[];
  readonly platform?: string;
  readonly secrets: readonly ServiceFileReference[];
  readonly configs: readonly ServiceFileReference[];
  /** x-* keys and fields the model does not type, kept so `config` can print them */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** where the service is defined, for messages */
  readonly location?: SourceLocation;
}

export interface Network {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts: Readonly<Record<string, string>>;
  readonly external: boolean;
  readonly internal: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv6?: boolean;
  readonly ipam?: {
    readonly driver?: string;
    readonly config: readonly { readonly subnet?: string; readonly ip_range?: string; readonly gateway?: string }[];
  };
  readonly labels: Readonly<Record<string, string>>;
}

export interface Volume {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts: Readonly<Record<string, string>>;
  readonly external: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface SecretOrConfig {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external: boolean;
}

/** Replica count a service asks for: --scale wins, then scale:, then deploy.replicas, then 1. */
export function desiredReplicas(service: Service, scaleOverride?: number): number {
  return scaleOverride ?? service.scale ?? service.deploy?.replicas ?? 1;
}
