/**
 * A plan: what the executor does, decided in full by the planner. Every operation says
 * why (`cause`) so that `--dry-run` and progress output can explain themselves.
 *
 * Execution order:
 *  1. `before` in list order (up: create networks and volumes, remove orphans;
 *     down: remove orphans);
 *  2. `services`, walked with the walker over `graph` in the plan's direction (up:
 *     dependencies first; down: dependents first), each group's operations in list order;
 *  3. `after` in list order (down: remove networks, volumes, images).
 * The executor waits for depends_on conditions itself: they are in `dependencies`.
 */
import type { Dependency } from '../model/project.js';
import type { ServiceGraph } from './graph.js';

export type PlanAction = 'up' | 'down';

export interface CreateNetwork {
  readonly kind: 'create-network';
  /** the key under `networks:` */
  readonly key: string;
  /** the engine-level name */
  readonly name: string;
  readonly cause: 'not found';
}

export interface CreateVolume {
  readonly kind: 'create-volume';
  readonly key: string;
  readonly name: string;
  readonly cause: 'not found';
}

export interface RemoveNetwork {
  readonly kind: 'remove-network';
  readonly name: string;
  readonly cause: 'down';
}

export interface RemoveVolume {
  readonly kind: 'remove-volume';
  readonly name: string;
  readonly cause: '--volumes';
}

export interface RemoveImage {
  readonly kind: 'remove-image';
  readonly image: string;
  readonly cause: '--rmi all' | '--rmi local';
}

/** `missing`: only if the image is not there yet; `always`: even if it is. */
export type ImagePolicy = 'missing' | 'always';

export interface PullImage {
  readonly kind: 'pull-image';
  readonly service: string;
  readonly image: string;
  readonly policy: ImagePolicy;
  readonly cause: 'if missing' | 'pull_policy always' | '--pull always';
}

export interface BuildImage {
  readonly kind: 'build-image';
  readonly service: string;
  readonly image: string;
  readonly policy: ImagePolicy;
  readonly cause: 'if missing' | 'pull_policy build' | '--build';
}

interface ContainerRef {
  readonly service: string;
  readonly number: number;
  readonly name: string;
}

export interface CreateContainer extends ContainerRef {
  readonly kind: 'create-container';
  readonly configHash: string;
  readonly cause: 'not found' | 'scale up';
}

/** stop (if running) + remove the old container `id`, then create it anew */
export interface RecreateContainer extends ContainerRef {
  readonly kind: 'recreate-container';
  readonly id: string;
  readonly configHash: string;
  /** 'dependency recreated': it joins a namespace or mounts volumes of a container being replaced */
  readonly cause: 'config hash diverged' | 'force recreate' | 'dead' | 'dependency recreated';
}

export interface StartContainer extends ContainerRef {
  readonly kind: 'start-container';
  /** absent when the container is created earlier in the same plan: look it up by name */
  readonly id?: string;
  readonly cause: 'created' | 'recreated' | 'exited' | 'not started';
}

/** stop + start a running container: a depends_on dependency with `restart: true` was recreated */
export interface RestartContainer extends ContainerRef {
  readonly kind: 'restart-container';
  readonly id: string;
  readonly cause: 'dependency recreated';
}

export interface LeaveContainer extends ContainerRef {
  readonly kind: 'leave-container';
  readonly id: string;
  readonly cause: 'up to date' | 'paused';
}

/** stop (if running) + remove */
export interface RemoveContainer extends ContainerRef {
  readonly kind: 'remove-container';
  readonly id: string;
  /** also remove the container's anonymous volumes */
  readonly volumes: boolean;
  readonly cause: 'orphan' | 'scale down' | 'down';
}

export type ProjectOperation = CreateNetwork | CreateVolume | RemoveNetwork | RemoveVolume | RemoveImage | RemoveContainer;

export type ServiceOperation =
  | PullImage
  | BuildImage
  | CreateContainer
  | RecreateContainer
  | StartContainer
  | RestartContainer
  | LeaveContainer
  | RemoveContainer;

export type Operation = ProjectOperation | ServiceOperation;

export interface ServicePlan {
  readonly service: string;
  /** edges to other services in this plan, conditions included, for the executor to wait on */
  readonly dependencies: readonly Dependency[];
  readonly operations: readonly ServiceOperation[];
}

export interface Plan {
  readonly project: string;
  readonly action: PlanAction;
  readonly before: readonly ProjectOperation[];
  /** in walk order for the plan's action (a valid sequential order) */
  readonly services: readonly ServicePlan[];
  readonly after: readonly ProjectOperation[];
  /** the services of this plan and the edges among them, for the walker */
  readonly graph: ServiceGraph;
  /** worded for people: orphans left in place, optional dependencies ignored, ... */
  readonly warnings: readonly string[];
}

/** Every operation in a valid sequential order. */
export function planOperations(plan: Plan): Operation[] {
  return [...plan.before, ...plan.services.flatMap((s) => s.operations), ...plan.after];
}

/** True when carrying the plan out would change nothing. */
export function isNoop(plan: Plan): boolean {
  return planOperations(plan).every((op) => op.kind === 'leave-container');
}
