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
import { connectDocker } from './connect.js';
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
  return new DockerRuntime(await connectDocker(options.env), options.env);
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

  constructor(
    readonly docker: Docker,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  observe(project: string) {
    return observeProject(this.docker, project);
  }
  listProjects() {
    return listProjects(this.docker);
  }
  ensureImage(image: string, options: PullOptions) {
    return ensureImage(this.docker, image, options);
  }
  removeImage(image: string) {
    return removeImage(this.docker, image);
  }
  imageInfo(image: string) {
    return imageInfo(this.docker, image);
  }
  createNetwork(project: Project, key: string) {
    return createNetwork(this.docker, project, key);
  }
  removeNetwork(name: string) {
    return removeNetwork(this.docker, name);
  }
  createVolume(project: Project, key: string) {
    return createVolume(this.docker, project, key);
  }
  removeVolume(name: string) {
    return removeVolume(this.docker, name);
  }

  async createContainer(spec: ContainerSpec): Promise<ObservedContainer> {
    const { body, connect } = buildCreateBody(spec, this.env);
    const container = await call(`create container ${spec.name}`, () => this.docker.createContainer(body));
    if (!container) throw new Error(`unreachable: no container for ${spec.name}`);
    for (const { network, config } of connect) {
      await call(`connect container ${spec.name} to network ${network}`, () =>
        this.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: config }),
      );
    }
    return {
      id: container.id,
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
    await call(`start container ${id}`, () => this.c(id).start(), [304]);
    const after = this.afterStart.get(id);
    this.afterStart.delete(id);
    await after?.();
  }
  async stopContainer(id: string, o: { timeoutSeconds?: number; signal?: string }) {
    if (o.signal) await call(`signal container ${id}`, () => this.c(id).kill({ signal: o.signal }), [404, 409]);
    await call(`stop container ${id}`, () => this.c(id).stop(o.timeoutSeconds !== undefined ? { t: o.timeoutSeconds } : {}), [304]);
  }
  async killContainer(id: string, signal: string) {
    await call(`kill container ${id}`, () => this.c(id).kill({ signal }));
  }
  async removeContainer(id: string, o: { force: boolean; volumes: boolean }) {
    await call(`remove container ${id}`, () => this.c(id).remove({ force: o.force, v: o.volumes }), [404]);
  }
  async pauseContainer(id: string) {
    await call(`pause container ${id}`, () => this.c(id).pause());
  }
  async unpauseContainer(id: string) {
    await call(`unpause container ${id}`, () => this.c(id).unpause());
  }

  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const wait = call(`wait for container ${id}`, () =>
      this.c(id).wait({ condition: 'not-running', ...(signal ? { abortSignal: signal } : {}) }),
    );
    const r = (await wait) as { StatusCode?: number } | undefined;
    return r?.StatusCode ?? 0;
  }

  async inspectContainer(id: string): Promise<ContainerStatus> {
    const info = await call(`inspect container ${id}`, () => this.c(id).inspect());
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
    const r = await call(`top of container ${id}`, () => this.c(id).top());
    return { titles: r?.Titles ?? [], processes: r?.Processes ?? [] };
  }
  async stats(id: string) {
    const r = await call(`stats of container ${id}`, () => readEngineStats(this.c(id), this.cpuReadings));
    if (!r) throw new Error(`unreachable: no stats for ${id}`);
    return r;
  }
  async close() {
    // dockerode keeps no pooled connections open by default; nothing to free
  }
}
