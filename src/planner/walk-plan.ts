/**
 * How the executor carries out a plan's service groups: the walker over the plan's graph
 * in the plan's direction, one call per service with that service's group. The executor
 * runs `before` first and `after` last itself; they are plain ordered lists.
 */
import type { Plan, ServicePlan } from './plan.js';
import { walk, type WalkOptions } from './walker.js';

export type VisitService = (group: ServicePlan, signal: AbortSignal) => Promise<void>;

export function walkPlan(plan: Plan, visit: VisitService, options: WalkOptions = {}): Promise<void> {
  const groups = new Map(plan.services.map((s) => [s.service, s]));
  return walk(
    plan.graph,
    plan.action,
    async (name, signal) => {
      const group = groups.get(name);
      if (group) await visit(group, signal);
    },
    options,
  );
}
