/**
 * Dependency cycles, reported as their path (`web -> db -> web`). Services and their
 * dependencies are visited in sorted order so that the same file always gives the
 * same message.
 */
import type { Project } from '../../model/project.js';

export function findCycles(project: Project): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const edges = (name: string): string[] =>
    [...new Set((project.services[name]?.dependencies ?? []).map((d) => d.service))]
      .filter((d) => d in project.services)
      .sort();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of edges(name)) {
      const s = state.get(next);
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of Object.keys(project.services).sort()) if (!state.has(name)) visit(name);
  return cycles;
}
