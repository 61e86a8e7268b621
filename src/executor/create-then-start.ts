/**
 * `up` in two overlapping walks, as Docker Compose v2 does it: one creates containers
 * (a service once its dependencies' containers exist), the other starts them (a service
 * once its own containers exist and its dependencies are started and meet their
 * depends_on conditions). Creation needs only that the containers it refers to exist,
 * so on a chain of services the creates no longer wait for each start and health check.
 */
import type { Plan, ServiceOperation, ServicePlan } from '../planner/plan.js';
import { walk } from '../planner/walker.js';

const isCreate = (op: ServiceOperation) => op.kind === 'create-container' || op.kind === 'recreate-container';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  // a creation failure is reported by the creating walk; waiting starts must not also be unhandled
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export async function createThenStart(
  plan: Plan,
  byService: ReadonlyMap<string, ServicePlan>,
  run: (sp: ServicePlan, keep: (op: ServiceOperation) => boolean) => Promise<void>,
  waitFor: (sp: ServicePlan, signal: AbortSignal) => Promise<void>,
  o: { parallel: number; signal: AbortSignal },
): Promise<void> {
  const created = new Map(plan.graph.nodes().map((n) => [n, deferred()]));
  const stop = new AbortController();
  const signal = AbortSignal.any([o.signal, stop.signal]);
  const creating = walk(
    plan.graph,
    'up',
    async (name) => {
      const sp = byService.get(name);
      const done = created.get(name);
      try {
        if (sp) await run(sp, isCreate);
        done?.resolve();
      } catch (err) {
        done?.reject(err);
        throw err;
      }
    },
    { parallel: o.parallel, signal },
  );
  const starting = walk(
    plan.graph,
    'up',
    async (name, walkSignal) => {
      await created.get(name)?.promise;
      const sp = byService.get(name);
      if (!sp) return;
      await waitFor(sp, walkSignal);
      await run(sp, (op) => !isCreate(op) && op.kind !== 'pull-image');
    },
    { parallel: o.parallel, signal },
  );
  const results = await Promise.allSettled([
    creating.catch((err: unknown) => {
      stop.abort(err);
      throw err;
    }),
    starting.catch((err: unknown) => {
      stop.abort(err);
      throw err;
    }),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
