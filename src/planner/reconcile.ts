/**
 * `compose up`, decided: compares the desired project with what a backend observed
 * (containers, networks, volumes found by their labels) and returns the plan. Pure.
 * Stages: enable named services -> graph (rejects cycles) -> selection -> per-service
 * convergence in dependency order -> networks, volumes and orphans.
 */
import { UsageError } from '../errors.js';
import type { ObservedContainer, ObservedProject } from '../model/observed.js';
import { desiredReplicas, type Dependency, type Project, type Service } from '../model/project.js';
import { serviceConfigHash } from './config-hash.js';
import { buildGraph, dependencyOrder, subgraph } from './graph.js';
import type { Plan, RemoveContainer, ServicePlan } from './plan.js';
import { reconcileService, type PullOption } from './reconcile-service.js';
import { networkCreations, volumeCreations } from './resources.js';
import { enableNamedServices, selectServices, type SelectOptions } from './select.js';

export interface UpOptions extends SelectOptions {
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly noStart?: boolean;
  readonly removeOrphans?: boolean;
  /** no warning about orphans (COMPOSE_IGNORE_ORPHANS) */
  readonly ignoreOrphans?: boolean;
  /** `--scale service=n`, wins over scale: and deploy.replicas */
  readonly scale?: Readonly<Record<string, number>>;
  readonly pull?: PullOption;
  readonly build?: boolean;
}

/**
 * Edges that bind a container to its dependency's container by id (joined namespaces,
 * mounted volumes): when the dependency gets a new container the old binding dangles,
 * so the dependent is recreated too. Order matters: dependencies are planned first.
 */
const BOUND_TO_CONTAINER: ReadonlySet<Dependency['kind']> = new Set(['network_mode', 'ipc', 'pid', 'volumes_from']);

function checkScale(project: Project, scale: Readonly<Record<string, number>>): void {
  for (const [name, n] of Object.entries(scale)) {
    if (!project.services[name]) throw new UsageError(`--scale: no such service: "${name}"`);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--scale ${name}=${n}: expected a whole number of replicas (0 or more)`);
  }
}

function byService(containers: readonly ObservedContainer[]): Map<string, ObservedContainer[]> {
  const out = new Map<string, ObservedContainer[]>();
  for (const c of containers) {
    const list = out.get(c.service);
    if (list) list.push(c);
    else out.set(c.service, [c]);
  }
  return out;
}

/** Containers of the project whose service is in neither the enabled nor the disabled services. */
export function orphanContainers(project: Project, observed: ObservedProject): ObservedContainer[] {
  return observed.containers
    .filter((c) => c.project === project.name && !c.oneoff)
    .filter((c) => !project.services[c.service] && !project.disabled_services[c.service])
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function orphanWarning(project: string, orphans: readonly ObservedContainer[]): string {
  return `found orphan containers (${orphans.map((c) => c.name).join(', ')}) for project "${project}": ` +
    'they belong to services no longer in the compose file; remove them with --remove-orphans';
}

export function reconcile(project: Project, observed: ObservedProject, options: UpOptions = {}): Plan {
  const enabled = enableNamedServices(project, options.services);
  const scale = options.scale ?? {};
  checkScale(enabled, scale);
  const full = buildGraph(enabled);
  const graph = subgraph(full, selectServices(full, options));
  const order = dependencyOrder(graph);
  const found = byService(observed.containers.filter((c) => c.project === project.name && !c.oneoff));

  const replaced = new Set<string>();
  const services: ServicePlan[] = order.map((name) => {
    const service = enabled.services[name] as Service;
    const operations = reconcileService(project.name, service, serviceConfigHash(service), found.get(name) ?? [], {
      ...options,
      replicas: desiredReplicas(service, scale[name]),
      dependencyRecreated: service.dependencies.some((d) => BOUND_TO_CONTAINER.has(d.kind) && replaced.has(d.service)),
      restartForDependency: service.dependencies.some((d) => d.restart && replaced.has(d.service)),
    });
    // Scaling up adds containers but replaces none, so it leaves dependents alone.
    if (operations.some((op) => op.kind === 'recreate-container' || (op.kind === 'create-container' && op.cause === 'not found'))) replaced.add(name);
    return { service: name, dependencies: service.dependencies.filter((d) => graph.hasNode(d.service)), operations };
  });

  const selected = order.map((n) => enabled.services[n] as Service);
  const orphans = orphanContainers(enabled, observed);
  const warnings = [...full.graph().warnings];
  const removals: RemoveContainer[] = [];
  if (orphans.length > 0 && options.removeOrphans) {
    for (const c of orphans) {
      removals.push({ kind: 'remove-container', service: c.service, number: c.number, name: c.name, id: c.id, volumes: false, cause: 'orphan' });
    }
  } else if (orphans.length > 0 && !options.ignoreOrphans) {
    warnings.push(orphanWarning(project.name, orphans));
  }
  return {
    project: project.name,
    action: 'up',
    before: [...networkCreations(enabled, selected, observed), ...volumeCreations(enabled, selected, observed), ...removals],
    services,
    after: [],
    graph,
    warnings,
  };
}

/** The name the executor's `up` calls; the same function as reconcile. */
export const planUp = reconcile;
