/**
 * `compose down`, decided: stop and remove containers with dependents before their
 * dependencies, then networks, then (with --volumes) volumes and (with --rmi) images.
 * Works without a compose file too: the project's containers carry their service and
 * dependencies in labels, which is all the ordering needs.
 */
import { Graph } from '@dagrejs/graphlib';
import { LABEL } from '../model/labels.js';
import type { ObservedContainer, ObservedProject } from '../model/observed.js';
import type { Dependency, Project, Service } from '../model/project.js';
import { buildGraph, dependencyOrder, type GraphInfo, type ServiceGraph } from './graph.js';
import { serviceImage } from './names.js';
import type { Plan, ProjectOperation, RemoveContainer, RemoveImage, ServicePlan } from './plan.js';
import { orphanContainers, orphanWarning } from './reconcile.js';
import { networkRemovals, volumeRemovals } from './resources.js';

export interface DownOptions {
  readonly removeOrphans?: boolean;
  /** no warning about orphans (COMPOSE_IGNORE_ORPHANS) */
  readonly ignoreOrphans?: boolean;
  /** also remove named volumes declared by the project and containers' anonymous volumes */
  readonly volumes?: boolean;
  readonly rmi?: 'all' | 'local';
  /** the project name when there is no compose file to read it from */
  readonly projectName?: string;
}

/** Every service of the file, enabled or not: `down` takes down what profiles left running too. */
function graphOfFile(project: Project): ServiceGraph {
  return buildGraph({ ...project, services: { ...project.disabled_services, ...project.services }, disabled_services: {} });
}

/** Docker Compose writes `db:service_started:false,cache:service_healthy:true` (service first). */
function labelledDependencies(c: ObservedContainer): string[] {
  const raw = c.labels[LABEL.dependsOn] ?? '';
  return raw.split(',').map((d) => d.split(':')[0] ?? '').filter((d) => d !== '');
}

function graphOfLabels(project: string, containers: readonly ObservedContainer[]): ServiceGraph {
  const graph: ServiceGraph = new Graph<GraphInfo, Service, readonly Dependency[]>({ directed: true });
  graph.setGraph({ project, warnings: [] });
  for (const c of containers) graph.setNode(c.service);
  for (const c of containers) {
    for (const d of labelledDependencies(c)) if (d !== c.service && graph.hasNode(d)) graph.setEdge(c.service, d, []);
  }
  try {
    dependencyOrder(graph);
  } catch {
    // Labels written by some other tool may disagree; removing in any order beats refusing to.
    for (const e of graph.edges()) graph.removeEdge(e);
  }
  return graph;
}

function removeOp(c: ObservedContainer, cause: RemoveContainer['cause'], volumes: boolean): RemoveContainer {
  return { kind: 'remove-container', service: c.service, number: c.number, name: c.name, id: c.id, volumes, cause };
}

function imageRemovals(name: string, project: Project | undefined, containers: readonly ObservedContainer[], rmi: 'all' | 'local'): RemoveImage[] {
  let images: string[];
  if (project) {
    const services = Object.values({ ...project.disabled_services, ...project.services });
    images = services.filter((s) => rmi === 'all' || s.image === undefined).map((s) => serviceImage(name, s));
  } else {
    // Without the file, "local" can only be told by the name a build is tagged with.
    images = containers.map((c) => c.image).filter((i) => rmi === 'all' || containers.some((c) => i === `${name}-${c.service}`));
  }
  return [...new Set(images)].sort().map((image) => ({ kind: 'remove-image', image, cause: rmi === 'all' ? '--rmi all' : '--rmi local' }));
}

export function planDown(project: Project | undefined, observed: ObservedProject, options: DownOptions = {}): Plan {
  const name = project?.name ?? options.projectName ?? observed.containers[0]?.project ?? '';
  const containers = observed.containers.filter((c) => c.project === name);
  const volumes = options.volumes ?? false;
  const warnings: string[] = [];
  const before: ProjectOperation[] = [];
  let graph: ServiceGraph;
  let owned: readonly ObservedContainer[];
  if (project) {
    graph = graphOfFile(project);
    owned = containers.filter((c) => graph.hasNode(c.service));
    const orphans = orphanContainers(project, { ...observed, containers });
    if (orphans.length > 0 && options.removeOrphans) before.push(...orphans.map((c) => removeOp(c, 'orphan', volumes)));
    else if (orphans.length > 0 && !options.ignoreOrphans) warnings.push(orphanWarning(name, orphans));
  } else {
    graph = graphOfLabels(name, containers);
    owned = containers;
  }

  const services: ServicePlan[] = dependencyOrder(graph).reverse().map((service) => {
    const operations = owned
      .filter((c) => c.service === service)
      .sort((a, b) => b.number - a.number || Number(a.oneoff) - Number(b.oneoff) || a.name.localeCompare(b.name))
      .map((c) => removeOp(c, 'down', volumes));
    const declared = project ? ((graph.node(service) as Service | undefined)?.dependencies ?? []) : [];
    return { service, dependencies: declared.filter((d) => graph.hasNode(d.service)), operations };
  });

  const after: ProjectOperation[] = [...networkRemovals(project, observed)];
  if (volumes) after.push(...volumeRemovals(project, observed));
  if (options.rmi) after.push(...imageRemovals(name, project, containers, options.rmi));
  return { project: name, action: 'down', before, services, after, graph, warnings };
}
