/**
 * Which services a command acts on. `compose up web` means web and everything it depends
 * on, transitively; `--no-deps` means web alone. Naming a service whose profiles are all
 * inactive enables it (as Docker Compose does), but not its dependencies: those must be
 * enabled some other way, unless they are optional.
 */
import { UsageError } from '../errors.js';
import type { Project, Service } from '../model/project.js';
import { dependenciesOf, type ServiceGraph } from './graph.js';

export interface SelectOptions {
  /** services named on the command line; empty means every enabled service */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
}

function unknownService(project: Project, name: string): UsageError {
  return new UsageError(`no such service: "${name}" (project "${project.name}" has: ${Object.keys(project.services).sort().join(', ') || 'none'})`);
}

/**
 * The project with every named service moved from disabled_services to services, so
 * that the graph is built over what the user asked for. Unknown names are usage errors.
 */
export function enableNamedServices(project: Project, names: readonly string[] = []): Project {
  const moved: Record<string, Service> = {};
  for (const name of names) {
    if (project.services[name]) continue;
    const disabled = project.disabled_services[name];
    if (!disabled) throw unknownService(project, name);
    moved[name] = disabled;
  }
  if (Object.keys(moved).length === 0) return project;
  const disabled_services = Object.fromEntries(Object.entries(project.disabled_services).filter(([n]) => !(n in moved)));
  return { ...project, services: { ...project.services, ...moved }, disabled_services };
}

/** The selected service names, sorted. */
export function selectServices(graph: ServiceGraph, options: SelectOptions = {}): string[] {
  const named = options.services ?? [];
  if (named.length === 0) return graph.nodes().sort();
  for (const name of named) {
    if (!graph.hasNode(name)) throw new UsageError(`no such service: "${name}"`);
  }
  if (options.noDeps) return [...new Set(named)].sort();
  const selected = new Set<string>();
  const stack = [...named];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (selected.has(name)) continue;
    selected.add(name);
    stack.push(...dependenciesOf(graph, name));
  }
  return [...selected].sort();
}
