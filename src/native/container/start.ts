/**
 * Starting a container: the shim is launched and holds the container's init at its start
 * barrier while the network is attached and an attach() made before start connects, so the
 * process sees its interfaces and its first output reaches the attached client. Anything
 * failing in between kills the waiting init.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeContext } from '../context.js';
import type { ContainerRecord } from '../state/container-record.js';
import { networkMode } from '../network/mode.js';
import { attachSession, type AttachRequest } from './attach.js';
import { prepareJoins } from './sharing.js';
import { launchShim } from './shim-process.js';
import type { Session } from './terminal-session.js';

/** an attach() waiting for its container to start */
export interface PendingAttach {
  readonly req: AttachRequest;
  readonly connected: (s: Session) => void;
}

export async function startContainer(ctx: NativeContext, dir: string, record: ContainerRecord, pending: PendingAttach | undefined): Promise<void> {
  for (const f of ['stop-requested', 'paused']) if (existsSync(join(dir, f))) unlinkSync(join(dir, f));
  // idempotent; brings the cgroup back after a reboot emptied the cgroupfs
  ctx.cgroups.create(record.cgroup, record.limits ?? {});
  // namespaces shared with other containers: their current pids, or a message naming both
  prepareJoins(ctx, dir, record);
  const launch = await launchShim(ctx.shimPath, dir, `container ${record.name}`);
  try {
    if (ctx.network && networkMode({ network_mode: record.networkMode }).kind === 'bridge') {
      await ctx.network.attach({
        id: record.id, name: record.name, project: record.project, service: record.service,
        pid: launch.pid, netnsPath: `/proc/${launch.pid}/ns/net`, networks: record.networks,
      });
    }
    if (pending) pending.connected(await attachSession(dir, pending.req));
  } catch (err) {
    launch.abort();
    throw err;
  }
  await launch.start();
}
