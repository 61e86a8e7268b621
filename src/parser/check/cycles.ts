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
  // plain loops: this runs once per service, in cold code, where spreads and for-of allocate per step
  const edges = (name: string): string[] => {
    const deps = project.services[name]?.dependencies ?? [];
    const out: string[] = [];
    for (let i = 0; i < deps.length; i++) {
      const d = deps[i]!.service;
      if (d in project.services && !out.includes(d)) out.push(d);
    }
    return out.length > 1 ? out.sort() : out;
  };
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    const next = edges(name);
    for (let i = 0; i < next.length; i++) {
      const target = next[i]!;
      const s = state.get(target);
      if (s === 'visiting') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (s === undefined) visit(target);
    }
    stack.pop();
    state.set(name, 'done');
  };
  const names = Object.keys(project.services).sort();
  for (let i = 0; i < names.length; i++) if (!state.has(names[i]!)) visit(names[i]!);
  return cycles;
}
