/**
 * The one interface every backend implements (native, docker, and a fake for tests).
 * The executor drives it; it makes no decisions of its own. A backend declares what it
 * supports so that the executor can warn, naming the field, about what it would ignore.
 * Progress and warnings are the executor's business: methods only act and report failure
 * as a RuntimeError whose message names the resource that failed.
 */
import type { ObservedContainer, ObservedProject, HealthState, ContainerState } from '../model/observed.js';
import type { Project, Service } from '../model/project.js';

export type BackendName = 'native' | 'docker';

export interface Capabilities {
  /** service fields (spec names) this backend honours; others produce a warning */
  readonly serviceFields: ReadonlySet<string>;
  /** warnings about parts of a honoured field the backend does not apply (e.g. one security_opt) */
  readonly serviceWarnings?: (service: Service) => readonly string[];
}

export interface ContainerSpec {
  readonly project: Project;
  readonly service: Service;
  readonly number: number;
  readonly name: string;
  readonly oneoff: boolean;
  readonly configHash: string;
  readonly labels: Readonly<Record<string, string>>;
  /** overrides used by `run` */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly publishPorts?: boolean;
  readonly tty?: boolean;
  readonly interactive?: boolean;
}

export interface LogOptions {
  readonly follow: boolean;
  readonly tail?: number;
  readonly since?: Date;
  readonly timestamps: boolean;
  readonly signal?: AbortSignal;
}

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly time: Date;
  readonly text: string;
}

/**
 * Where a process's standard streams go; absent stdin means none is attached. With a TTY, a
 * terminal stdout (isTTY, rows, columns, 'resize') gives the container's terminal its size at
 * start and on every change, and a terminal stdin is in raw mode while attached (runtime/terminal.ts).
 */
export interface Stdio {
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface ImageInfo {
  readonly id: string;
  readonly size: number;
  readonly created?: string;
}

export interface ExecOptions {
  readonly command: readonly string[];
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly detach: boolean;
  readonly env: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly workdir?: string;
  /** defaults to the CLI's own process streams */
  readonly stdio?: Stdio;
}

export interface ContainerStatus {
  readonly state: ContainerState;
  readonly health: HealthState;
  readonly exitCode?: number;
}

/**
 * One reading of a container's resource use, the same shape from every backend, as
 * `docker stats` shows it. CPU % needs two readings: a backend keeps the previous one per
 * container, so its first call waits a short interval and later calls measure since the last.
 */
export interface ContainerStats {
  /** 100 = one CPU fully busy (so up to 100 x CPUs), as docker stats */
  readonly cpuPercent: number;
  /** bytes, inactive page cache excluded as the docker CLI does */
  readonly memoryUsage: number;
  /** bytes; the host's memory when the container has no limit */
  readonly memoryLimit: number;
  /** bytes over the container's interfaces, loopback excluded */
  readonly netRx: number;
  readonly netTx: number;
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly pids: number;
}

/** Held while a command plans and changes a project; see Runtime.lockProject. */
export interface ProjectLock {
  release(): void;
}

export interface PullOptions {
  readonly policy: 'always' | 'missing' | 'never';
  readonly quiet: boolean;
  readonly signal?: AbortSignal;
}

export interface Runtime {
  readonly name: BackendName;
  readonly capabilities: Capabilities;

  observe(project: string, options?: { all?: boolean }): Promise<ObservedProject>;
  listProjects(): Promise<readonly { name: string; status: string; configFiles: string }[]>;

  /** 'pulled' when it fetched the image, 'present' when it was already there */
  ensureImage(image: string, options: PullOptions): Promise<'pulled' | 'present'>;
  removeImage(image: string): Promise<void>;
  /** undefined when the image is not in the local store */
  imageInfo(image: string): Promise<ImageInfo | undefined>;

  createNetwork(project: Project, key: string): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  createVolume(project: Project, key: string): Promise<void>;
  removeVolume(name: string): Promise<void>;

  createContainer(spec: ContainerSpec): Promise<ObservedContainer>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, options: { timeoutSeconds?: number; signal?: string }): Promise<void>;
  killContainer(id: string, signal: string): Promise<void>;
  removeContainer(id: string, options: { force: boolean; volumes: boolean }): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  /** resolves with the exit code once the container has stopped */
  waitContainer(id: string, signal?: AbortSignal): Promise<number>;
  inspectContainer(id: string): Promise<ContainerStatus>;
  logs(id: string, options: LogOptions): AsyncIterable<LogLine>;
  exec(id: string, options: ExecOptions): Promise<number>;
  /**
   * Connects the streams to a created container's main process (for `run`); call before
   * starting it. Resolves once attached; `ended`, when a backend gives it, resolves once
   * the output is all written (else the caller assumes it is by the time the process exits).
   */
  attach(id: string, options: { stdio: Stdio; tty: boolean }): Promise<{ readonly ended: Promise<void> } | void>;
  top(id: string): Promise<{ titles: string[]; processes: string[][] }>;
  stats(id: string): Promise<ContainerStats>;
  /**
   * Serializes the commands that change one project, for backends without a daemon to do
   * it (native). `onWait` is called once if another command holds the lock for a while.
   * Absent: nothing to serialize.
   */
  lockProject?(project: string, onWait?: (holderPid: number) => void): Promise<ProjectLock>;
  /** frees connections so the CLI can exit */
  close(): Promise<void>;
}
