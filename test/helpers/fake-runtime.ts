/**
 * A Runtime that runs nothing: it records every call in order and plays scripted health
 * and exit behaviour per service, so the executor's ordering, condition waits and
 * exit-code rules are tested without a daemon.
 */
import type { ContainerState, HealthState, ObservedContainer, ObservedProject } from '../../src/model/observed.js';
import type { Project } from '../../src/model/project.js';
import type {
  Capabilities, ContainerSpec, ContainerStatus, ExecOptions, LogLine, LogOptions, PullOptions, Runtime, Stdio,
} from '../../src/runtime/runtime.js';

export interface ServiceScript {
  /** health reported by successive inspections; the last one repeats */
  readonly health?: readonly HealthState[];
  /** exits with this code `exitAfterMs` after start; absent = runs until stopped */
  readonly exit?: number;
  readonly exitAfterMs?: number;
  /** log lines it prints */
  readonly logs?: readonly string[];
  /** createContainer fails with this message */
  readonly failCreate?: string;
}

interface Box {
  c: ObservedContainer;
  state: ContainerState;
  exitCode?: number;
  inspections: number;
  waiters: ((code: number) => void)[];
}

export class FakeRuntime implements Runtime {
  readonly name = 'docker' as const;
  readonly calls: string[] = [];
  readonly containers = new Map<string, Box>();
  images = new Set<string>();
  capabilities: Capabilities = { serviceFields: new Set(['image', 'command', 'environment', 'depends_on', 'healthcheck', 'networks']) };

  constructor(private readonly scripts: Readonly<Record<string, ServiceScript>> = {}) {}

  private box(id: string): Box {
    const b = this.containers.get(id);
    if (!b) throw new Error(`no such container ${id}`);
    return b;
  }
  private exit(b: Box, code: number) {
    if (b.state === 'exited') return;
    b.state = 'exited';
    b.exitCode = code;
    for (const w of b.waiters.splice(0)) w(code);
  }

  async observe(): Promise<ObservedProject> {
    return { containers: [...this.containers.values()].map((b) => ({ ...b.c, state: b.state })), networks: [], volumes: [] };
  }
  async listProjects() {
    return [];
  }
  async ensureImage(image: string, o: PullOptions) {
    this.calls.push(`ensure-image ${image} ${o.policy}`);
    if (this.images.has(image) && o.policy !== 'always') return 'present' as const;
    this.images.add(image);
    return 'pulled' as const;
  }
  async removeImage(image: string) {
    this.calls.push(`remove-image ${image}`);
  }
  async imageInfo(image: string) {
    return this.images.has(image) ? { id: `sha256:${image}`, size: 1 } : undefined;
  }
  async createNetwork(_p: Project, key: string) {
    this.calls.push(`create-network ${key}`);
  }
  async removeNetwork(name: string) {
    this.calls.push(`remove-network ${name}`);
  }
  async createVolume(_p: Project, key: string) {
    this.calls.push(`create-volume ${key}`);
  }
  async removeVolume(name: string) {
    this.calls.push(`remove-volume ${name}`);
  }
  async createContainer(spec: ContainerSpec): Promise<ObservedContainer> {
    this.calls.push(`create ${spec.name}`);
    const fail = this.scripts[spec.service.name]?.failCreate;
    if (fail) throw new Error(fail);
    const c: ObservedContainer = {
      id: `id-${spec.name}`, name: spec.name, project: spec.project.name, service: spec.service.name, number: spec.number,
      oneoff: spec.oneoff, configHash: spec.configHash, image: spec.service.image ?? '', state: 'created', health: 'none', labels: {},
    };
    this.containers.set(c.id, { c, state: 'created', inspections: 0, waiters: [] });
    return c;
  }
  async startContainer(id: string) {
    this.calls.push(`start ${id}`);
    const b = this.box(id);
    b.state = 'running';
    const script = this.scripts[b.c.service];
    if (script?.exit !== undefined) {
      const code = script.exit;
      setTimeout(() => this.exit(b, code), script.exitAfterMs ?? 0);
    }
  }
  async stopContainer(id: string) {
    this.calls.push(`stop ${id}`);
    const b = this.containers.get(id);
    if (b) this.exit(b, 143);
  }
  async killContainer(id: string, signal: string) {
    this.calls.push(`kill ${id} ${signal}`);
    this.exit(this.box(id), 137);
  }
  async removeContainer(id: string) {
    this.calls.push(`remove ${id}`);
    this.containers.delete(id);
  }
  async pauseContainer(id: string) {
    this.calls.push(`pause ${id}`);
  }
  async unpauseContainer(id: string) {
    this.calls.push(`unpause ${id}`);
  }
  waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const b = this.box(id);
    if (b.state === 'exited') return Promise.resolve(b.exitCode ?? 0);
    return new Promise((resolve, reject) => {
      b.waiters.push(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  async inspectContainer(id: string): Promise<ContainerStatus> {
    const b = this.box(id);
    const script = this.scripts[b.c.service]?.health ?? ['none'];
    const health = script[Math.min(b.inspections++, script.length - 1)] ?? 'none';
    return { state: b.state, health, ...(b.exitCode !== undefined ? { exitCode: b.exitCode } : {}) };
  }
  async *logs(id: string, _o: LogOptions): AsyncGenerator<LogLine> {
    const b = this.box(id);
    for (const text of this.scripts[b.c.service]?.logs ?? []) yield { stream: 'stdout', time: new Date(0), text };
    if (_o.follow) await this.waitContainer(id).catch(() => 0);
  }
  async exec(id: string, o: ExecOptions) {
    this.calls.push(`exec ${id} ${o.command.join(' ')}`);
    return 0;
  }
  async attach(id: string, _o: { stdio: Stdio; tty: boolean }) {
    this.calls.push(`attach ${id}`);
  }
  async top() {
    return { titles: ['PID'], processes: [['1']] };
  }
  async stats(id: string) {
    this.calls.push(`stats ${id}`);
    const up = this.box(id).state === 'running';
    return { cpuPercent: up ? 12.5 : 0, memoryUsage: up ? 1 << 20 : 0, memoryLimit: up ? 1 << 30 : 0, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: up ? 1 : 0 };
  }
  async close() {}
}
