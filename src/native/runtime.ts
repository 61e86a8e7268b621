/**
 * The native backend: containers on namespaces, cgroups and overlayfs, each supervised by
 * its own small C process (berth-shim) that outlives the CLI. This class only routes the
 * Runtime interface to the modules under container/, cgroups/ and state/; see README.md.
 */
import { existsSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObservedContainer, ObservedProject } from '../model/observed.js';
import type { Project } from '../model/project.js';
import { LABEL } from '../model/labels.js';
import { RuntimeError } from '../errors.js';
import type {
  ContainerSpec, ContainerStatus, ExecOptions, ImageInfo, LogLine, LogOptions, PullOptions, Runtime, Stdio,
} from '../runtime/runtime.js';
import type { NativeContext } from './context.js';
import { containerDir, defaultShimPath, nativePaths } from './paths.js';
import { openCgroupManager } from './cgroups/detect.js';
import { createContainer } from './container/create.js';
import { liveState } from './container/status.js';
import { signalNumberOrName, stopContainer, waitExited } from './container/stop.js';
import { logSize, readLogs } from './container/logs.js';
import { execArgs, execInContainer } from './container/exec.js';
import { containerState, listRecords, toObserved } from './container/observe.js';
import { readRecord, type ContainerRecord } from './state/container-record.js';
import { NATIVE_CAPABILITIES } from './capabilities.js';
import { openImages } from './images.js';
import { createVolume, listVolumes, removeVolume } from './volume-store.js';
import { topOf } from './container/top.js';
import { NO_STATS, readNativeStats } from './container/stats.js';
import { lockProject } from './state/project-lock.js';
import type { CpuReading } from '../runtime/cpu-percent.js';
import { removeStaleStaging } from './container/staging.js';
import { startContainer, type PendingAttach } from './container/start.js';
import { terminalSize } from '../runtime/terminal.js';

export interface NativeRuntimeOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** overrides for tests: any part of the context */
  readonly context?: Partial<NativeContext>;
}

export class NativeRuntime implements Runtime {
  readonly name = 'native' as const;
  readonly capabilities = NATIVE_CAPABILITIES;
  private readonly attached = new Map<string, Promise<void>>();
  /** attach() before start: connected by startContainer between the shim's created and start */
  private readonly pendingAttach = new Map<string, PendingAttach>();
  /** the last CPU reading per container, for `stats` to measure the next interval against */
  private readonly cpuReadings = new Map<string, CpuReading>();

  constructor(readonly ctx: NativeContext) {
    mkdirSync(ctx.paths.containers, { recursive: true });
  }

  private find(id: string): { dir: string; record: ContainerRecord } {
    const dir = containerDir(this.ctx.paths, id);
    const record = readRecord(dir);
    if (record) return { dir, record };
    const byName = listRecords(this.ctx.paths.containers).find((c) => c.record.name === id || c.record.id.startsWith(id));
    if (!byName) throw new RuntimeError(`no such container: ${id}`);
    return byName;
  }

  private live(dir: string) {
    return containerState(liveState(dir, this.ctx.shimPath), existsSync(join(dir, 'paused')));
  }

  async observe(project: string, _options?: { all?: boolean }): Promise<ObservedProject> {
    removeStaleStaging(this.ctx.paths.containers);
    removeStaleStaging(this.ctx.paths.volumes);
    const containers: ObservedContainer[] = listRecords(this.ctx.paths.containers)
      .filter((c) => c.record.project === project)
      .map((c) => toObserved(c.record, this.live(c.dir)))
      // networking (src/native/network): published ports and the project's networks
      .map((c) => (this.ctx.network?.publishedPorts ? { ...c, ports: this.ctx.network.publishedPorts(c.id) } : c));
    const volumes = listVolumes(this.ctx.paths).filter((v) => v.labels[LABEL.project] === project);
    return { containers, networks: this.ctx.network?.observeNetworks?.(project) ?? [], volumes };
  }

  async listProjects() {
    const byProject = new Map<string, { running: number; exited: number; files: string }>();
    for (const c of listRecords(this.ctx.paths.containers)) {
      const p = byProject.get(c.record.project) ?? { running: 0, exited: 0, files: c.record.labels[LABEL.configFiles] ?? '' };
      if (this.live(c.dir).state === 'running') p.running++;
      else p.exited++;
      byProject.set(c.record.project, p);
    }
    return [...byProject].sort().map(([name, p]) => ({
      name,
      status: [p.running ? `running(${p.running})` : '', p.exited ? `exited(${p.exited})` : ''].filter(Boolean).join(', '),
      configFiles: p.files,
    }));
  }

  ensureImage(image: string, options: PullOptions) {
    return openImages(this.ctx).ensure(image, options);
  }
  removeImage(image: string) {
    return openImages(this.ctx).remove(image);
  }
  imageInfo(image: string): Promise<ImageInfo | undefined> {
    return openImages(this.ctx).info(image);
  }

  async createNetwork(project: Project, key: string) {
    await this.ctx.network?.createNetwork(project, key);
  }
  async removeNetwork(name: string) {
    await this.ctx.network?.removeNetwork(name);
  }

  async createVolume(project: Project, key: string) {
    createVolume(this.ctx.paths, project, key);
  }
  async removeVolume(name: string) {
    removeVolume(this.ctx.paths, name);
  }

  async createContainer(spec: ContainerSpec): Promise<ObservedContainer> {
    const record = await createContainer(this.ctx, spec);
    return toObserved(record, { state: 'created', health: 'none' });
  }

  async startContainer(id: string): Promise<void> {
    const { dir, record } = this.find(id);
    const s = liveState(dir, this.ctx.shimPath);
    if (s && s.status !== 'exited') return; // already running: start is idempotent, as with Docker
    const pending = this.pendingAttach.get(record.id);
    this.pendingAttach.delete(record.id);
    await startContainer(this.ctx, dir, record, pending);
  }

  async stopContainer(id: string, options: { timeoutSeconds?: number; signal?: string }) {
    const { dir, record } = this.find(id);
    const grace = options.timeoutSeconds !== undefined ? options.timeoutSeconds * 1000 : record.stopGraceMs;
    await stopContainer(dir, this.ctx.shimPath, options.signal ?? record.stopSignal, grace);
    await this.ctx.network?.detach({ id: record.id, project: record.project });
  }

  async killContainer(id: string, signal: string) {
    const { dir } = this.find(id);
    const s = liveState(dir, this.ctx.shimPath);
    if (!s || s.pid <= 0) throw new RuntimeError(`container ${id} is not running`);
    const sig = signalNumberOrName(signal || 'SIGKILL');
    // an explicit kill is a stop as far as restart policies go (Docker: unless-stopped/always restart anyway)
    process.kill(s.pid, sig);
  }

  async removeContainer(id: string, options: { force: boolean; volumes: boolean }) {
    let found;
    try {
      found = this.find(id);
    } catch {
      return;
    }
    const { dir, record } = found;
    const s = liveState(dir, this.ctx.shimPath, { recover: false });
    if (s && s.status !== 'exited') {
      if (!options.force) throw new RuntimeError(`container ${record.name} is running: stop it first or force the removal`);
      await stopContainer(dir, this.ctx.shimPath, 'SIGKILL', 0);
    }
    this.ctx.cgroups.remove(record.cgroup);
    await this.ctx.network?.detach({ id: record.id, project: record.project });
    if (options.volumes) for (const v of record.anonymousVolumes) await this.removeVolume(v);
    rmSync(dir, { recursive: true, force: true });
  }

  async pauseContainer(id: string) {
    const { dir, record } = this.find(id);
    this.ctx.cgroups.freeze(record.cgroup);
    writeFileSync(join(dir, 'paused'), '');
  }
  async unpauseContainer(id: string) {
    const { dir, record } = this.find(id);
    this.ctx.cgroups.thaw(record.cgroup);
    if (existsSync(join(dir, 'paused'))) unlinkSync(join(dir, 'paused'));
  }

  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const { dir } = this.find(id);
    const s = await waitExited(dir, this.ctx.shimPath, Number.MAX_SAFE_INTEGER, signal);
    await this.attached.get(id);
    return s?.exitCode ?? 0;
  }

  async inspectContainer(id: string): Promise<ContainerStatus> {
    const { dir } = this.find(id);
    return this.live(dir);
  }

  logs(id: string, options: LogOptions): AsyncIterable<LogLine> {
    const { dir } = this.find(id);
    return readLogs(dir, options, () => {
      const s = liveState(dir, this.ctx.shimPath);
      return s !== undefined && s.status !== 'exited';
    });
  }

  async exec(id: string, options: ExecOptions): Promise<number> {
    const { dir, record } = this.find(id);
    const s = liveState(dir, this.ctx.shimPath);
    if (!s || s.status !== 'running' || s.pid <= 0) throw new RuntimeError(`container ${record.name} is not running`);
    const terminal = options.tty ? terminalSize((options.stdio ?? process).stdout) ?? { rows: 0, cols: 0 } : undefined;
    return execInContainer(this.ctx.shimPath, execArgs(dir, s.pid, record, { ...options, ...(terminal ? { terminal } : {}) }), options);
  }

  async attach(id: string, options: { stdio: Stdio; tty: boolean }): Promise<{ readonly ended: Promise<void> }> {
    const { dir, record } = this.find(id);
    // a terminal's output and any stdin go through the container's attach socket
    const input = options.stdio.stdin !== undefined && record.stdin !== undefined;
    const viaSocket = record.tty || input
      ? new Promise<void>((resolve) => {
          this.pendingAttach.set(record.id, { req: { stdio: options.stdio, tty: record.tty === true, input }, connected: (s) => resolve(s.ended) });
        })
      : undefined;
    if (record.tty && viaSocket) {
      this.attached.set(record.id, viaSocket);
      this.attached.set(id, viaSocket);
      return { ended: viaSocket };
    }
    const from = logSize(dir);
    const attachedAt = Date.now();
    // before start there is no state yet; the output ends once an exit after this attach is recorded
    const lines = readLogs(dir, { follow: true, timestamps: false }, () => {
      const s = liveState(dir, this.ctx.shimPath);
      if (!s) return Date.now() - attachedAt < 60_000;
      return s.status !== 'exited' || s.finishedAt < attachedAt;
    }, from);
    const pump = (async () => {
      for await (const l of lines) (l.stream === 'stderr' ? options.stdio.stderr : options.stdio.stdout).write(l.text + '\n');
    })();
    const ended = viaSocket ? Promise.all([pump, viaSocket]).then(() => undefined) : pump;
    this.attached.set(record.id, ended);
    this.attached.set(id, ended);
    return { ended };
  }

  async top(id: string) {
    const { record } = this.find(id);
    return topOf(this.ctx.cgroups.pids(record.cgroup));
  }

  async stats(id: string) {
    const { dir, record } = this.find(id);
    const s = liveState(dir, this.ctx.shimPath);
    if (!s || s.status === 'exited' || s.pid <= 0) return NO_STATS;
    const netPid = record.networkMode === 'host' ? 0 : s.pid;
    return readNativeStats(this.ctx.cgroups, { id: record.id, cgroup: record.cgroup, netPid }, this.cpuReadings);
  }

  /** no daemon serializes commands here: the lock file does, waiting as long as the other command runs */
  lockProject(project: string, onWait?: (holderPid: number) => void) {
    return lockProject(this.ctx.paths.locks, project, { timeoutMs: Infinity, ...(onWait ? { onWait, noticeAfterMs: 1000 } : {}) });
  }

  async close() {
    // nothing held open: shims are detached and unref'd
  }
}

export async function createNativeRuntime(options: NativeRuntimeOptions): Promise<Runtime> {
  const root = options.env.BERTH_ROOT || '/var/lib/berth';
  const paths = options.context?.paths ?? nativePaths(root);
  const network = options.context?.network ?? (await loadNetworkHook(options.env, root));
  const ctx: NativeContext = {
    paths,
    shimPath: options.context?.shimPath ?? defaultShimPath(),
    cgroups: options.context?.cgroups ?? openCgroupManager(options.env.BERTH_CGROUP_ROOT || '/sys/fs/cgroup'),
    cgroupParent: options.context?.cgroupParent ?? (options.env.BERTH_CGROUP_PARENT || 'berth'),
    images: options.context?.images ?? (await defaultImages(root)),
    env: options.env,
    ...(network ? { network } : {}),
  };
  return new NativeRuntime(ctx);
}

async function defaultImages(root: string): Promise<NativeContext['images']> {
  const { openImageStore } = await import('./image/image-store.js');
  return openImageStore(root);
}

async function loadNetworkHook(env: NativeRuntimeOptions['env'], root: string): Promise<NativeContext['network']> {
  const { createNetworkHook } = await import('./network/index.js');
  return createNetworkHook({ env, root });
}
