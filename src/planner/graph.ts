/**
 * The dependency graph of a project's services. An edge `web -> db` means "web depends
 * on db"; its label lists every reason for it (depends_on, link, network_mode, ...), since
 * one pair of services may be tied several ways. The parser has already folded every edge
 * source into `service.dependencies`; this module reads only that list.
 */
import { Graph } from '@dagrejs/graphlib';
import { ComposeFileError } from '../errors.js';
import type { Dependency, Project, Service } from '../model/project.js';

export interface GraphInfo {
  readonly project: string;
  /** edges dropped because their optional (`required: false`) target is absent */
  readonly warnings: string[];
}

export type ServiceGraph = Graph<GraphInfo, Service, readonly Dependency[]>;

/** The document path an edge was written at, for messages (`services.web.depends_on.db`). */
export function edgePath(from: string, dep: Dependency): string {
  switch (dep.kind) {
    case 'depends_on':
      return `services.${from}.depends_on.${dep.service}`;
    case 'link':
      return `services.${from}.links`;
    case 'volumes_from':
      return `services.${from}.volumes_from`;
    default:
      return `services.${from}.${dep.kind}`;
  }
}

function missingTarget(project: Project, from: string, dep: Dependency): ComposeFileError {
  const disabled = project.disabled_services[dep.service];
  const detail = disabled
    ? `service "${from}" depends on "${dep.service}", which is disabled by its profiles (activate one of: ${disabled.profiles.join(', ')})`
    : `service "${from}" depends on undefined service "${dep.service}"`;
  return new ComposeFileError(detail, { location: dep.location, path: edgePath(from, dep) });
}

/**
 * Builds the graph of `project.services` and rejects cycles. Nodes are added in sorted
 * order so that everything derived from the graph (orders, messages, renderings) is stable.
 */
export function buildGraph(project: Project): ServiceGraph {
  const graph: ServiceGraph = new Graph<GraphInfo, Service, readonly Dependency[]>({ directed: true });
  graph.setGraph({ project: project.name, warnings: [] });
  const names = Object.keys(project.services).sort();
  for (const name of names) graph.setNode(name, project.services[name] as Service);
  for (const name of names) {
    const service = project.services[name] as Service;
    const edges = new Map<string, Dependency[]>();
    for (const dep of service.dependencies) {
      if (!graph.hasNode(dep.service)) {
        if (dep.required) throw missingTarget(project, name, dep);
        graph.graph().warnings.push(`service "${name}": optional dependency "${dep.service}" is not part of the project, ignored`);
        continue;
      }
      const list = edges.get(dep.service);
      if (list) list.push(dep);
      else edges.set(dep.service, [dep]);
    }
    for (const [target, deps] of edges) graph.setEdge(name, target, deps);
  }
  dependencyOrder(graph);
  return graph;
}

// Graphs are not changed once built, and reconcile asks for the order of a graph that
// buildGraph has just sorted; the counts guard against a graph edited since.
const orders = new WeakMap<ServiceGraph, { nodes: number; edges: number; order: readonly string[] }>();

/** Successors (dependencies) of a node, sorted; a graph node always has a list. */
export function dependenciesOf(graph: ServiceGraph, name: string): string[] {
  return (graph.successors(name) ?? []).sort();
}

/** Predecessors (dependents) of a node, sorted. */
export function dependentsOf(graph: ServiceGraph, name: string): string[] {
  return (graph.predecessors(name) ?? []).sort();
}

/**
 * Every node, dependencies before dependents; ties keep sorted order. Throws a
 * ComposeFileError naming the cycle (`a -> b -> a`) and pointing at its first edge
 * when there is one.
 */
export function dependencyOrder(graph: ServiceGraph): string[] {
  const known = orders.get(graph);
  if (known && known.nodes === graph.nodeCount() && known.edges === graph.edgeCount()) return [...known.order];
  const order = topologicalOrder(graph);
  orders.set(graph, { nodes: graph.nodeCount(), edges: graph.edgeCount(), order });
  return [...order];
}

/** dependencyOrder without the memo: always sorts (for measuring it). */
export function topologicalOrder(graph: ServiceGraph): string[] {
  const nodes = graph.nodes().sort();
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const n of nodes) {
    const count = graph.successors(n)?.length ?? 0;
    waiting.set(n, count);
    if (count === 0) ready.push(n);
  }
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const n = ready[i] as string;
    order.push(n);
    for (const dependent of dependentsOf(graph, n)) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length < nodes.length) throw cycleError(graph, nodes.filter((n) => (waiting.get(n) ?? 0) > 0));
  return order;
}

/**
 * Every node left over by the topological sort has a left-over dependency, so following
 * the smallest one from the smallest node must run into a cycle. The cycle is rotated to
 * start at its smallest name so the message does not depend on where the search began.
 */
function cycleError(graph: ServiceGraph, leftover: readonly string[]): ComposeFileError {
  const left = new Set(leftover);
  const seen = new Map<string, number>();
  const path: string[] = [];
  let node = leftover[0] as string;
  while (!seen.has(node)) {
    seen.set(node, path.length);
    path.push(node);
    node = dependenciesOf(graph, node).find((d) => left.has(d)) as string;
  }
  const cycle = path.slice(seen.get(node));
  const start = cycle.indexOf([...cycle].sort()[0] as string);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  const from = rotated[0] as string;
  const to = (rotated[1] ?? from) as string;
  const edge = graph.edge(from, to);
  const dep = edge.find((d) => d.location) ?? (edge[0] as Dependency);
  return new ComposeFileError(`dependency cycle: ${[...rotated, from].join(' -> ')}`, {
    location: dep.location,
    path: edgePath(from, dep),
  });
}

/** The graph restricted to `keep` (edges among kept nodes only); the graph itself if that is all of it. */
export function subgraph(graph: ServiceGraph, keep: Iterable<string>): ServiceGraph {
  const wanted = new Set(keep);
  // Keeping everything is the common case (`compose up`); the graph is not mutated later.
  if (wanted.size === graph.nodeCount() && graph.nodes().every((n) => wanted.has(n))) return graph;
  const out: ServiceGraph = new Graph<GraphInfo, Service, readonly Dependency[]>({ directed: true });
  out.setGraph(graph.graph());
  for (const n of graph.nodes().sort()) if (wanted.has(n)) out.setNode(n, graph.node(n));
  for (const e of graph.edges()) {
    if (wanted.has(e.v) && wanted.has(e.w)) out.setEdge(e.v, e.w, graph.edge(e));
  }
  return out;
}
