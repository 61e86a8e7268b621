/**
 * Converges one service: compares the containers found for it with the replicas it asks
 * for and returns its ordered operations. Pure; the caller has already picked the
 * service's non-one-off containers out of the observed state.
 */
import { ComposeFileError } from '../errors.js';
import type { ObservedContainer } from '../model/observed.js';
import type { Service } from '../model/project.js';
import { containerName, serviceImage } from './names.js';
import type { BuildImage, PullImage, RecreateContainer, ServiceOperation } from './plan.js';

export type PullOption = 'policy' | 'always' | 'missing' | 'never';

export interface ServiceReconcileOptions {
  readonly replicas: number;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly noStart?: boolean;
  /** `--pull`; 'policy' follows each service's pull_policy */
  readonly pull?: PullOption;
  /** `--build`: build images of services that have a build section before starting */
  readonly build?: boolean;
  /** a service whose namespaces or volumes this one uses is getting new containers */
  readonly dependencyRecreated?: boolean;
  /** a depends_on dependency with `restart: true` is getting new containers */
  readonly restartForDependency?: boolean;
}

type RecreateCause = RecreateContainer['cause'];

function recreateCause(c: ObservedContainer, hash: string, o: ServiceReconcileOptions): RecreateCause | undefined {
  // A dead (or half-removed) container cannot be started again, whatever the options say.
  if (c.state === 'dead' || c.state === 'removing') return 'dead';
  if (o.forceRecreate) return 'force recreate';
  if (o.dependencyRecreated) return 'dependency recreated';
  if (!o.noRecreate && c.configHash !== hash) return 'config hash diverged';
  return undefined;
}

function imageOperation(project: string, service: Service, needed: boolean, o: ServiceReconcileOptions): PullImage | BuildImage | undefined {
  const image = serviceImage(project, service);
  const policy = o.pull === undefined || o.pull === 'policy' ? service.pull_policy : o.pull;
  const fromFlag = o.pull === 'always';
  if (service.build && o.build) return { kind: 'build-image', service: service.name, image, policy: 'always', cause: '--build' };
  if (service.build && policy === 'build') return { kind: 'build-image', service: service.name, image, policy: 'always', cause: 'pull_policy build' };
  if (policy === 'never') return undefined;
  if (policy === 'always') {
    return { kind: 'pull-image', service: service.name, image, policy: 'always', cause: fromFlag ? '--pull always' : 'pull_policy always' };
  }
  if (!needed) return undefined;
  if (service.build) return { kind: 'build-image', service: service.name, image, policy: 'missing', cause: 'if missing' };
  return { kind: 'pull-image', service: service.name, image, policy: 'missing', cause: 'if missing' };
}

/**
 * Which containers go when there are too many: obsolete ones first (no point recreating a
 * container only to remove it), then the highest numbers, so numbering stays compact.
 */
function pickRemovals(sorted: readonly ObservedContainer[], excess: number, obsolete: (c: ObservedContainer) => boolean): Set<ObservedContainer> {
  if (excess <= 0) return new Set();
  const ranked = [...sorted].sort((a, b) => Number(obsolete(b)) - Number(obsolete(a)) || b.number - a.number || b.id.localeCompare(a.id));
  return new Set(ranked.slice(0, excess));
}

export function reconcileService(
  project: string,
  service: Service,
  configHash: string,
  containers: readonly ObservedContainer[],
  o: ServiceReconcileOptions,
): ServiceOperation[] {
  if (service.container_name !== undefined && o.replicas > 1) {
    throw new ComposeFileError(
      `container name "${service.container_name}" must be unique: service "${service.name}" cannot have ${o.replicas} replicas with container_name set`,
      { location: service.location, path: `services.${service.name}.container_name` },
    );
  }
  const sorted = [...containers].sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
  const cause = (c: ObservedContainer): RecreateCause | undefined => recreateCause(c, configHash, o);
  const removals = pickRemovals(sorted, sorted.length - o.replicas, (c) => cause(c) !== undefined);
  const kept = sorted.filter((c) => !removals.has(c));

  const ops: ServiceOperation[] = [];
  for (const c of [...removals].sort((a, b) => b.number - a.number)) {
    ops.push({ kind: 'remove-container', service: service.name, number: c.number, name: c.name, id: c.id, volumes: false, cause: 'scale down' });
  }
  let needImage = false;
  for (const c of kept) {
    const ref = { service: service.name, number: c.number };
    const why = cause(c);
    if (why) {
      needImage = true;
      const name = containerName(project, service, c.number);
      ops.push({ kind: 'recreate-container', ...ref, name, id: c.id, configHash, cause: why });
      if (!o.noStart) ops.push({ kind: 'start-container', ...ref, name, cause: 'recreated' });
    } else if ((c.state === 'running' || c.state === 'restarting') && o.restartForDependency && !o.noStart) {
      ops.push({ kind: 'restart-container', ...ref, name: c.name, id: c.id, cause: 'dependency recreated' });
    } else if (c.state === 'running' || c.state === 'restarting') {
      ops.push({ kind: 'leave-container', ...ref, name: c.name, id: c.id, cause: 'up to date' });
    } else if (c.state === 'paused') {
      ops.push({ kind: 'leave-container', ...ref, name: c.name, id: c.id, cause: 'paused' });
    } else if (!o.noStart) {
      ops.push({ kind: 'start-container', ...ref, name: c.name, id: c.id, cause: c.state === 'created' ? 'not started' : 'exited' });
    }
  }
  // New numbers continue after the highest kept one, as Docker Compose numbers them.
  let next = kept.reduce((max, c) => Math.max(max, c.number), 0) + 1;
  for (let i = kept.length; i < o.replicas; i++) {
    needImage = true;
    const ref = { service: service.name, number: next, name: containerName(project, service, next) };
    next++;
    ops.push({ kind: 'create-container', ...ref, configHash, cause: sorted.length === 0 ? 'not found' : 'scale up' });
    if (!o.noStart) ops.push({ kind: 'start-container', ...ref, cause: 'created' });
  }
  const image = imageOperation(project, service, needImage, o);
  return image ? [image, ...ops] : ops;
}
