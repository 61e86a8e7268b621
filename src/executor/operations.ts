/**
 * One function per plan operation: each does exactly what the operation says and
 * reports it as progress events. No decisions are taken here.
 */
import type { ObservedContainer } from '../model/observed.js';
import type { Project } from '../model/project.js';
import type { Operation, RemoveContainer } from '../planner/plan.js';
import type { Reporter } from '../progress/events.js';
import type { Runtime } from '../runtime/runtime.js';
import { RuntimeError } from '../errors.js';
import type { ContainerRef } from './conditions.js';

export interface OpContext {
  readonly runtime: Runtime;
  readonly reporter: Reporter;
  readonly project?: Project;
  readonly timeoutSeconds?: number;
  readonly quietPull: boolean;
  /** containers by service, filled as the plan runs (ids of created ones included) */
  readonly containers: Map<string, ContainerRef[]>;
}

async function step<T>(ctx: OpContext, resource: string, working: string, done: string, fn: () => Promise<T>): Promise<T> {
  ctx.reporter.event({ resource, status: 'working', text: working });
  try {
    const r = await fn();
    ctx.reporter.event({ resource, status: 'done', text: done });
    return r;
  } catch (err) {
    ctx.reporter.event({ resource, status: 'error', text: 'Error' });
    throw err;
  }
}

function remember(ctx: OpContext, service: string, ref: ContainerRef): void {
  const list = (ctx.containers.get(service) ?? []).filter((c) => c.name !== ref.name);
  list.push(ref);
  ctx.containers.set(service, list);
}

function stopTimeout(ctx: OpContext, service: string): number | undefined {
  if (ctx.timeoutSeconds !== undefined) return ctx.timeoutSeconds;
  const grace = ctx.project?.services[service]?.stop_grace_period;
  return grace === undefined ? undefined : Math.ceil(grace / 1000);
}

async function create(ctx: OpContext, op: { service: string; number: number; name: string; configHash: string }) {
  const service = ctx.project?.services[op.service];
  if (!ctx.project || !service) throw new RuntimeError(`cannot create container ${op.name}: service ${op.service} is not in the project`);
  const c: ObservedContainer = await ctx.runtime.createContainer({
    project: ctx.project,
    service,
    number: op.number,
    name: op.name,
    oneoff: false,
    configHash: op.configHash,
    labels: {},
  });
  remember(ctx, op.service, { id: c.id, name: op.name });
}

async function stopAndRemove(ctx: OpContext, id: string, service: string, volumes: boolean) {
  await ctx.runtime.stopContainer(id, { timeoutSeconds: stopTimeout(ctx, service) });
  await ctx.runtime.removeContainer(id, { force: true, volumes });
}

/**
 * remove-container, with word between its halves: `onStopped` runs once the container is
 * stopped, so that `down` can go on to stop its dependencies while it is being removed.
 */
export function removeContainer(op: RemoveContainer, ctx: OpContext, onStopped: () => void = () => undefined): Promise<void> {
  return step(ctx, `Container ${op.name}`, 'Removing', 'Removed', async () => {
    await ctx.runtime.stopContainer(op.id, { timeoutSeconds: stopTimeout(ctx, op.service) });
    onStopped();
    await ctx.runtime.removeContainer(op.id, { force: true, volumes: op.volumes });
  });
}

export async function runOperation(op: Operation, ctx: OpContext): Promise<void> {
  switch (op.kind) {
    case 'create-network':
      return step(ctx, `Network ${op.name}`, 'Creating', 'Created', () => ctx.runtime.createNetwork(ctx.project!, op.key));
    case 'create-volume':
      return step(ctx, `Volume ${op.name}`, 'Creating', 'Created', () => ctx.runtime.createVolume(ctx.project!, op.key));
    case 'remove-network':
      return step(ctx, `Network ${op.name}`, 'Removing', 'Removed', () => ctx.runtime.removeNetwork(op.name));
    case 'remove-volume':
      return step(ctx, `Volume ${op.name}`, 'Removing', 'Removed', () => ctx.runtime.removeVolume(op.name));
    case 'remove-image':
      return step(ctx, `Image ${op.image}`, 'Removing', 'Removed', () => ctx.runtime.removeImage(op.image));
    case 'pull-image':
      return pull(ctx, op.image, op.policy);
    case 'build-image':
      throw new RuntimeError(`service ${op.service}: building images is not supported yet; build ${op.image} first`);
    case 'create-container':
      return step(ctx, `Container ${op.name}`, 'Creating', 'Created', () => create(ctx, op));
    case 'recreate-container':
      return step(ctx, `Container ${op.name}`, 'Recreate', 'Recreated', async () => {
        await stopAndRemove(ctx, op.id, op.service, false);
        await create(ctx, op);
      });
    case 'start-container': {
      const id = op.id ?? ctx.containers.get(op.service)?.find((c) => c.name === op.name)?.id;
      if (!id) throw new RuntimeError(`cannot start container ${op.name}: it was not created`);
      remember(ctx, op.service, { id, name: op.name });
      return step(ctx, `Container ${op.name}`, 'Starting', 'Started', () => ctx.runtime.startContainer(id));
    }
    case 'restart-container':
      remember(ctx, op.service, { id: op.id, name: op.name });
      return step(ctx, `Container ${op.name}`, 'Restarting', 'Restarted', async () => {
        await ctx.runtime.stopContainer(op.id, { timeoutSeconds: stopTimeout(ctx, op.service) });
        await ctx.runtime.startContainer(op.id);
      });
    case 'leave-container':
      remember(ctx, op.service, { id: op.id, name: op.name });
      ctx.reporter.event({ resource: `Container ${op.name}`, status: 'done', text: 'Running' });
      return;
    case 'remove-container':
      return removeContainer(op, ctx);
  }
}

export async function pull(ctx: OpContext, image: string, policy: 'missing' | 'always'): Promise<void> {
  const resource = `Image ${image}`;
  // an image already present is not news: only a pull is reported
  if (!ctx.quietPull && policy === 'always') ctx.reporter.event({ resource, status: 'working', text: 'Pulling' });
  const r = await ctx.runtime.ensureImage(image, { policy, quiet: ctx.quietPull });
  if (!ctx.quietPull && r === 'pulled') ctx.reporter.event({ resource, status: 'done', text: 'Pulled' });
}
