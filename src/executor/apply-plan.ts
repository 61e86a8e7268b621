/**
 * Carries out a plan: `before` in order (see project-operations.ts), then each service's
 * operations with the planner's walker (dependencies first going up, dependents first going
 * down), then `after`. Going up, containers are created first and started second (see
 * create-then-start.ts); going down, a container is removed while its dependencies are
 * already being stopped (see stop-then-remove.ts). Before a service starts, it waits for
 * its depends_on conditions. Images are pulled up front, all at once within the parallelism bound, because a pull
 * depends on nothing and is the slowest step.
 */
import type { Project } from '../model/project.js';
import type { Plan, PullImage, ServiceOperation, ServicePlan } from '../planner/plan.js';
import type { Reporter } from '../progress/events.js';
import type { Runtime } from '../runtime/runtime.js';
import { makeUnsupportedWarner } from '../runtime/capabilities.js';
import { type ContainerRef, waitForDependency } from './conditions.js';
import { pull, runOperation, type OpContext } from './operations.js';
import { createThenStart } from './create-then-start.js';
import { stopThenRemove } from './stop-then-remove.js';
import { inBatches } from './in-batches.js';
import { runProjectOperations } from './project-operations.js';

export interface ApplyOptions {
  /** the project the plan was made from; required for plans that create containers */
  readonly project?: Project;
  readonly parallel?: number;
  /** overrides every service's stop_grace_period (-t/--timeout) */
  readonly timeoutSeconds?: number;
  readonly quietPull?: boolean;
  readonly signal?: AbortSignal;
  /** how often health is polled while waiting on service_healthy */
  readonly healthPollMs?: number;
}

export interface ApplyResult {
  /** the project's containers by service after the plan ran */
  readonly containers: ReadonlyMap<string, readonly ContainerRef[]>;
}

export async function applyPlan(plan: Plan, runtime: Runtime, reporter: Reporter, options: ApplyOptions = {}): Promise<ApplyResult> {
  const containers = new Map<string, ContainerRef[]>();
  const ctx: OpContext = {
    runtime,
    reporter,
    ...(options.project ? { project: options.project } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    quietPull: options.quietPull ?? false,
    containers,
  };
  const parallel = options.parallel ?? Infinity;
  if (plan.action === 'up' && options.project) {
    makeUnsupportedWarner(runtime.name, (m) => reporter.warn(m))(options.project, runtime.capabilities);
  }
  for (const w of plan.warnings) reporter.warn(w);

  const pulls = plan.services.flatMap((s) => s.operations.filter((op): op is PullImage => op.kind === 'pull-image'));
  const unique = [...new Map(pulls.map((p) => [`${p.image}\0${p.policy}`, p])).values()];
  await inBatches(unique, parallel === Infinity ? unique.length : parallel, (p) => pull(ctx, p.image, p.policy));

  await runProjectOperations(plan.before, ctx, parallel);

  const byService = new Map(plan.services.map((s) => [s.service, s]));
  const signal = options.signal ?? new AbortController().signal;
  const waitFor = async (sp: ServicePlan, walkSignal: AbortSignal) => {
    const waitSignal = AbortSignal.any([walkSignal, signal]);
    for (const dep of sp.dependencies) {
      try {
        await waitForDependency(dep, containers.get(dep.service) ?? [], {
          runtime,
          reporter,
          signal: waitSignal,
          pollMs: options.healthPollMs ?? 500,
        });
      } catch (err) {
        if (dep.required) throw err;
        reporter.warn(`optional dependency ${dep.service} of ${sp.service} failed: ${(err as Error).message}`);
      }
    }
  };
  const run = (sp: ServicePlan, keep: (op: ServiceOperation) => boolean) =>
    sp.operations.filter(keep).reduce((prev, op) => prev.then(() => runOperation(op, ctx)), Promise.resolve());

  if (plan.action === 'down') {
    await stopThenRemove(plan, byService, ctx, { parallel, signal });
  } else {
    await createThenStart(plan, byService, run, waitFor, { parallel, signal });
  }

  await runProjectOperations(plan.after, ctx, parallel);
  return { containers };
}
