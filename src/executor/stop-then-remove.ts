/**
 * `down` with removals off the critical path. What the order protects is that a dependency
 * outlives its dependents, so a service is stopped once its dependents are stopped, not
 * once they are also removed; each container is removed right after its own stop while the
 * walk goes on. On a chain of n services that takes n-1 removal round trips off the wait,
 * and the stop order is the same as before. At most `parallel` containers are being taken
 * down at once (a container holds its slot from its stop to the end of its removal).
 */
import type { Plan, ServicePlan } from '../planner/plan.js';
import { walk } from '../planner/walker.js';
import { limiter } from './limiter.js';
import { removeContainer, runOperation, type OpContext } from './operations.js';

export async function stopThenRemove(
  plan: Plan,
  byService: ReadonlyMap<string, ServicePlan>,
  ctx: OpContext,
  o: { parallel: number; signal: AbortSignal },
): Promise<void> {
  const slots = limiter(o.parallel);
  const removals: Promise<void>[] = [];
  const failed = new AbortController();
  const walking = walk(
    plan.graph,
    'down',
    async (name, walkSignal) => {
      // a slot freed by a failure must not start another container's stop
      const inSlot = <T>(fn: () => Promise<T>) =>
        slots.run(async () => {
          if (failed.signal.aborted || walkSignal.aborted) throw failed.signal.reason ?? walkSignal.reason;
          try {
            return await fn();
          } catch (err) {
            failed.abort(err);
            throw err;
          }
        });
      for (const op of byService.get(name)?.operations ?? []) {
        if (op.kind !== 'remove-container') {
          await inSlot(() => runOperation(op, ctx));
          continue;
        }
        let stopped!: () => void;
        const isStopped = new Promise<void>((resolve) => (stopped = resolve));
        const removed = inSlot(() => removeContainer(op, ctx, stopped));
        removed.catch(() => undefined);
        removals.push(removed);
        await Promise.race([isStopped, removed]);
      }
    },
    { signal: AbortSignal.any([o.signal, failed.signal]) },
  );
  const walked = await walking.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  // every removal started by the walk has been pushed by now; let them all settle
  const results = await Promise.allSettled(removals);
  if (walked) throw walked.error;
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
