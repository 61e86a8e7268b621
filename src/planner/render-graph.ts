/**
 * `compose graph`: the dependency graph as a terminal tree, Graphviz DOT or a Mermaid
 * flowchart. Edges are labelled with every reason they exist (`depends_on:
 * service_healthy`, `link as db`, `network_mode`, ...). Output is sorted throughout so
 * it can be diffed and checked in.
 */
import type { Dependency, Project } from '../model/project.js';
import { buildGraph, dependenciesOf, subgraph, type ServiceGraph } from './graph.js';
import { enableNamedServices, selectServices } from './select.js';

export type GraphFormat = 'tree' | 'dot' | 'mermaid';

export const GRAPH_FORMATS: readonly GraphFormat[] = ['tree', 'dot', 'mermaid'];

export function describeDependency(d: Dependency): string {
  switch (d.kind) {
    case 'depends_on': {
      const extras = [d.required ? '' : 'optional', d.restart ? 'restart' : ''].filter(Boolean);
      return `depends_on: ${d.condition}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    }
    case 'link':
      return d.alias && d.alias !== d.service ? `link as ${d.alias}` : 'link';
    default:
      return d.kind;
  }
}

export function edgeLabel(graph: ServiceGraph, from: string, to: string): string {
  const deps = graph.edge(from, to) ?? [];
  return [...new Set(deps.map(describeDependency))].join(', ');
}

/** Services nothing depends on are the roots; every service is reachable from one. */
function roots(graph: ServiceGraph): string[] {
  return graph.nodes().filter((n) => (graph.predecessors(n) ?? []).length === 0).sort();
}

export function renderTree(graph: ServiceGraph): string {
  const lines: string[] = [];
  const expanded = new Set<string>();
  const visit = (name: string, prefix: string, childPrefix: string, label: string): void => {
    const repeat = expanded.has(name) && dependenciesOf(graph, name).length > 0;
    lines.push(`${prefix}${name}${label ? ` (${label})` : ''}${repeat ? ' [see above]' : ''}`);
    if (repeat) return;
    expanded.add(name);
    const children = dependenciesOf(graph, name);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      visit(child, `${childPrefix}${last ? '└── ' : '├── '}`, `${childPrefix}${last ? '    ' : '│   '}`, edgeLabel(graph, name, child));
    });
  };
  for (const root of roots(graph)) visit(root, '', '', '');
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderDot(graph: ServiceGraph): string {
  const lines = [`digraph ${dotString(graph.graph()?.project ?? 'compose')} {`, '  rankdir=LR;', '  node [shape=box];'];
  const nodes = graph.nodes().sort();
  for (const n of nodes) lines.push(`  ${dotString(n)};`);
  for (const n of nodes) {
    for (const d of dependenciesOf(graph, n)) lines.push(`  ${dotString(n)} -> ${dotString(d)} [label=${dotString(edgeLabel(graph, n, d))}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid ids allow fewer characters than service names, and `end` is a keyword. */
function mermaidIds(nodes: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const n of nodes) {
    const base = `svc_${n.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    ids.set(n, id);
  }
  return ids;
}

function mermaidText(s: string): string {
  return `"${s.replace(/"/g, '#quot;')}"`;
}

export function renderMermaid(graph: ServiceGraph): string {
  const nodes = graph.nodes().sort();
  const ids = mermaidIds(nodes);
  const lines = ['flowchart TD'];
  for (const n of nodes) lines.push(`  ${ids.get(n)}[${mermaidText(n)}]`);
  for (const n of nodes) {
    for (const d of dependenciesOf(graph, n)) lines.push(`  ${ids.get(n)} -->|${mermaidText(edgeLabel(graph, n, d))}| ${ids.get(d)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderGraph(graph: ServiceGraph, format: GraphFormat): string {
  switch (format) {
    case 'tree':
      return renderTree(graph);
    case 'dot':
      return renderDot(graph);
    case 'mermaid':
      return renderMermaid(graph);
  }
}

/** `compose graph [SERVICE...]`: the named services and what they depend on, or all of them. */
export function renderProjectGraph(project: Project, services: readonly string[], format: GraphFormat): string {
  const enabled = enableNamedServices(project, services);
  const full = buildGraph(enabled);
  return renderGraph(subgraph(full, selectServices(full, { services })), format);
}
