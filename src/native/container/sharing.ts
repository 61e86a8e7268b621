/**
 * The runtime's side of namespace sharing: finds the donors (other containers' records and
 * live state) for the pure decisions in namespaces.ts, at create and again at every start,
 * when the donor's current pid names the namespaces to join.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../../errors.js';
import type { Service } from '../../model/project.js';
import type { NativeContext } from '../context.js';
import type { ContainerRecord } from '../state/container-record.js';
import { containerDir } from '../paths.js';
import { decideSharing, joinFile, sharedNetworkConflict, shmBindSource, type Candidate, type SharedNamespaces } from './namespaces.js';
import { listRecords } from './observe.js';
import { liveState } from './status.js';

function runningPid(ctx: NativeContext, dir: string): number | undefined {
  const s = liveState(dir, ctx.shimPath);
  return s && s.status === 'running' && s.pid > 0 ? s.pid : undefined;
}

function candidates(ctx: NativeContext): Candidate[] {
  return listRecords(ctx.paths.containers).map(({ dir, record: r }) => ({
    id: r.id, name: r.name, project: r.project, service: r.service, number: r.number, oneoff: r.oneoff,
    running: runningPid(ctx, dir) !== undefined,
    ...(r.ipc !== undefined ? { ipc: r.ipc } : {}),
  }));
}

export interface SharingAtCreate {
  readonly shared: SharedNamespaces;
  /** the donor's etc files, when the network stack is shared (Docker shows the donor's) */
  readonly etcDir?: string;
  /** the donor's hostname, which Docker gives a container on another's network stack */
  readonly hostname?: string;
  /** bind source for /dev/shm, or undefined for the container's own tmpfs */
  readonly shm?: string;
}

export function sharingAtCreate(ctx: NativeContext, project: string, service: Service, ownDir: string): SharingAtCreate {
  const conflict = sharedNetworkConflict(service);
  if (conflict) throw new RuntimeError(`service ${service.name}: ${conflict}`);
  if (service.network_mode === undefined && service.ipc === undefined && service.pid === undefined) return { shared: {} };
  const decided = decideSharing(service, project, candidates(ctx));
  if ('error' in decided) throw new RuntimeError(`service ${service.name}: ${decided.error}`);
  const { shared } = decided;
  const net = typeof shared.net === 'object' ? containerDir(ctx.paths, shared.net.id) : undefined;
  const ipcDonor = typeof shared.ipc === 'object' ? listRecords(ctx.paths.containers).find((c) => c.record.id === (shared.ipc as { id: string }).id) : undefined;
  const shm = ipcDonor?.record.ipc === 'host'
    ? shmBindSource('host', ownDir, undefined)
    : shmBindSource(service.ipc, ownDir, ipcDonor?.dir);
  let hostname: string | undefined;
  if (net) {
    try {
      hostname = readFileSync(join(net, 'hostname'), 'utf8').trim() || undefined;
    } catch {
      /* the donor's default then */
    }
  }
  return { shared, ...(net ? { etcDir: net } : {}), ...(hostname ? { hostname } : {}), ...(shm ? { shm } : {}) };
}

/**
 * Writes `<dir>/namespaces` for the shim before a start (the donors' current pids), or
 * removes it when nothing is shared. Throws, naming both containers, if a donor is not running.
 */
export function prepareJoins(ctx: NativeContext, dir: string, record: ContainerRecord): void {
  const file = join(dir, 'namespaces');
  const shared = record.shared ?? {};
  if (Object.keys(shared).length === 0) {
    rmSync(file, { force: true });
    return;
  }
  const out = joinFile(record.name, shared, (id) => {
    const donor = containerDir(ctx.paths, id);
    if (!existsSync(join(donor, 'container.json'))) return 'removed';
    return runningPid(ctx, donor) ?? 'stopped';
  });
  if ('error' in out) throw new RuntimeError(out.error);
  writeFileSync(file, out.text);
}
