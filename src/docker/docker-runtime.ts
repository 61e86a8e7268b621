/**
 * The Runtime on a Docker Engine. Each method is one Engine operation (or a short
 * fixed sequence, like create-then-connect); the executor decides everything else.
 */
import type Docker from 'dockerode';
import type { ContainerState, HealthState, ObservedContainer } from '../model/observed.js';
import type { Project } from '../model/project.js';
import type {
  ContainerSpec, ContainerStatus, ExecOptions, LogLine, LogOptions, PullOptions, Runtime, Stdio,
} from '../runtime/runtime.js';
import type { OpenOptions } from '../runtime/select.js';
import { DOCKER_CAPABILITIES } from './capabilities.js';
import { connectDocker, type Endpoint } from './connect.js';
import type { EngineClient } from './engine-client.js';
import { loadDockerode } from './load-dockerode.js';
import { trustedCaList } from '../tls/extra-ca.js';
import { buildCreateBody } from './container-spec.js';
import { call } from './engine-error.js';
import { attachTo, execIn } from './exec.js';
import { ensureImage, imageInfo, removeImage } from './image.js';
import { logLines } from './logs.js';
import { createNetwork, createVolume, removeNetwork, removeVolume } from './network.js';
import { listProjects, observeProject } from './observe.js';
import { readEngineStats } from './stats.js';
import type { CpuReading } from '../runtime/cpu-percent.js';

export async function createDockerRuntime(options: OpenOptions): Promise<Runtime> {
  const { engine, endpoint } = await connectDocker(options.env);
  return new DockerRuntime(engine, endpoint, options.env);
}

async function* once(buffer: Buffer): AsyncGenerator<Buffer> {
  if (buffer.length) yield buffer;
}

export class DockerRuntime implements Runtime {
  readonly name = 'docker' as const;
  readonly capabilities = DOCKER_CAPABILITIES;
  /** the last CPU reading per container, for `stats` to measure the next interval against */
  private readonly cpuReadings = new Map<string, CpuReading>();
  /** attach() before start (run): sizes the container's terminal once it runs */
  private readonly afterStart = new Map<string, () => Promise<void>>();

  /** dockerode, for what streams (pull, logs, exec, attach, stats); loaded on first use */
  private dockerode: Docker | undefined;

  constructor(
    private readonly engine: EngineClient,
    private readonly endpoint: Endpoint,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  get docker(): Docker {
    if (!this.dockerode) {
      const Dockerode = loadDockerode();
      const o = this.endpoint.options;
      // a ca.pem from DOCKER_CERT_PATH, else node's roots with NODE_EXTRA_CA_CERTS
      const ca = o.protocol === 'https' ? (o.ca ?? trustedCaList()) : undefined;
      this.dockerode = new Dockerode(ca ? { ...o, ca } : o);
    }
    return this.dockerode;
  }

  observe(project: string) {
    return observeProject(this.engine, project);
  }
  listProjects() {
    return listProjects(this.engine);
  }
  ensureImage(image: string, options: PullOptions) {
    return ensureImage(this.engine, () => this.docker, image, options);
  }
  removeImage(image: string) {
    return removeImage(this.engine, image);
  }
  imageInfo(image: string) {
    return imageInfo(this.engine, image);
  }
  createNetwork(project: Project, key: string) {
    return createNetwork(this.engine, project, key);
  }
  removeNetwork(name: string) {
    return removeNetwork(this.engine, name);
  }
  createVolume(project: Project, key: string) {
    return createVolume(this.engine, project, key);
  }
  removeVolume(name: string) {
    return removeVolume(this.engine, name);
  }

  async createContainer(spec: ContainerSpec): Promise<ObservedContainer> {
    const { body, connect } = buildCreateBody(spec, this.env);
    const { name, ...config } = body;
    const created = await call(`create container ${spec.name}`, () =>
      this.engine.post<{ Id: string }>('/containers/create', { query: { name }, body: config }),
    );
    if (!created) throw new Error(`unreachable: no container for ${spec.name}`);
    const id = created.Id;
    for (const { network, config: endpoint } of connect) {
      await call(`connect container ${spec.name} to network ${network}`, () =>
        this.engine.post(`/networks/${network}/connect`, { body: { Container: id, EndpointConfig: endpoint } }),
      );
    }
    return {
      id,
      name: spec.name,
      project: spec.project.name,
      service: spec.service.name,
      number: spec.number,
      oneoff: spec.oneoff,
      configHash: spec.configHash,
      image: body.Image ?? '',
      state: 'created',
      health: 'none',
      labels: body.Labels ?? {},
    };
  }

  private c(id: string) {
    return this.docker.getContainer(id);
  }

  async startContainer(id: string) {
    await call(`start container ${id}`, () => this.engine.post(`/containers/${id}/start`), [304]);
    const after = this.afterStart.get(id);
    this.afterStart.delete(id);
    await after?.();
  }
  async stopContainer(id: string, o: { timeoutSeconds?: number; signal?: string }) {
    if (o.signal) {
      await call(`signal container ${id}`, () => this.engine.post(`/containers/${id}/kill`, { query: { signal: o.signal } }), [404, 409]);
    }
    await call(`stop container ${id}`, () => this.engine.post(`/containers/${id}/stop`, { query: { t: o.timeoutSeconds } }), [304]);
  }
  async killContainer(id: string, signal: string) {
    await call(`kill container ${id}`, () => this.engine.post(`/containers/${id}/kill`, { query: { signal } }));
  }
  async removeContainer(id: string, o: { force: boolean; volumes: boolean }) {
    await call(`remove container ${id}`, () => this.engine.delete(`/containers/${id}`, { query: { force: o.force, v: o.volumes } }), [404]);
  }
  async pauseContainer(id: string) {
    await call(`pause container ${id}`, () => this.engine.post(`/containers/${id}/pause`));
  }
  async unpauseContainer(id: string) {
    await call(`unpause container ${id}`, () => this.engine.post(`/containers/${id}/unpause`));
  }

  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const r = await call(`wait for container ${id}`, () =>
      this.engine.post<{ StatusCode?: number }>(`/containers/${id}/wait`, {
        query: { condition: 'not-running' },
        ...(signal ? { signal } : {}),
      }),
    );
    return r?.StatusCode ?? 0;
  }

  async inspectContainer(id: string): Promise<ContainerStatus> {
    const info = await call(`inspect container ${id}`, () => this.engine.get<Docker.ContainerInspectInfo>(`/containers/${id}/json`));
    const state = info?.State;
    const health = (state?.Health?.Status ?? 'none') as HealthState;
    return {
      state: (state?.Status ?? 'dead') as ContainerState,
      health,
      ...(state && !state.Running ? { exitCode: state.ExitCode } : {}),
    };
  }

  async *logs(id: string, o: LogOptions): AsyncGenerator<LogLine> {
    const container = this.c(id);
    const info = await call(`inspect container ${id}`, () => container.inspect());
    const base = {
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(o.tail !== undefined ? { tail: o.tail } : {}),
      ...(o.since ? { since: Math.floor(o.since.getTime() / 1000) } : {}),
      ...(o.signal ? { abortSignal: o.signal } : {}),
    };
    const framed = !info?.Config.Tty;
    let chunks: AsyncIterable<Buffer>;
    if (o.follow) {
      const stream = await call(`logs of container ${id}`, () => container.logs({ ...base, follow: true }));
      chunks = stream as unknown as AsyncIterable<Buffer>;
    } else {
      const buffer = await call(`logs of container ${id}`, () => container.logs({ ...base, follow: false }));
      chunks = once(buffer as unknown as Buffer);
    }
    try {
      yield* logLines(chunks, framed);
    } catch (err) {
      if (o.signal?.aborted) return;
      throw err;
    }
  }

  exec(id: string, options: ExecOptions) {
    return execIn(this.c(id), id, options);
  }
  async attach(id: string, options: { stdio: Stdio; tty: boolean }) {
    const { ended, afterStart } = await attachTo(this.c(id), id, options.stdio, options.tty);
    this.afterStart.set(id, afterStart);
    return { ended };
  }
  async top(id: string) {
    const r = await call(`top of container ${id}`, () =>
      this.engine.get<{ Titles?: string[]; Processes?: string[][] }>(`/containers/${id}/top`),
    );
    return { titles: r?.Titles ?? [], processes: r?.Processes ?? [] };
  }
  async stats(id: string) {
    const r = await call(`stats of container ${id}`, () => readEngineStats(this.c(id), this.cpuReadings));
    if (!r) throw new Error(`unreachable: no stats for ${id}`);
    return r;
  }
  async close() {
    await this.engine.close();
  }
}
