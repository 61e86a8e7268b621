/**
 * Visits every node of a dependency graph (edges point from a dependent to its
 * dependency) in an order that respects the edges:
 * - `up`: a node is visited once all its dependencies are done;
 * - `down`: a node is visited once all its dependents are done.
 * A node starts as soon as its own predecessors are done, not when a whole "level" is,
 * so one slow service holds back only what depends on it. At most `parallel` visits run
 * at once. On the first failure no new visit starts, the signal handed to running visits
 * is aborted, and once they have settled the walk rejects with that first error.
 */
import type { Graph } from '@dagrejs/graphlib';

export type Direction = 'up' | 'down';

export type Visit = (node: string, signal: AbortSignal) => Promise<void>;

export interface WalkOptions {
  /** maximum visits at once; Infinity (or -1) for no bound; see resolveParallelism */
  readonly parallel?: number;
  /** aborting it stops the walk like a failure would, rejecting with its reason */
  readonly signal?: AbortSignal;
}

// The walker needs only the shape of the graph, whatever its labels.
type AnyGraph = Graph<any, any, any>;

function limitOf(parallel: number | undefined): number {
  if (parallel === undefined || parallel === -1 || parallel === Infinity) return Infinity;
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`invalid parallelism ${parallel}: expected a positive whole number`);
  return parallel;
}

export function walk(graph: AnyGraph, direction: Direction, visit: Visit, options: WalkOptions = {}): Promise<void> {
  const limit = limitOf(options.parallel);
  const before = (n: string): string[] => (direction === 'up' ? graph.successors(n) : graph.predecessors(n)) ?? [];
  const after = (n: string): string[] => ((direction === 'up' ? graph.predecessors(n) : graph.successors(n)) ?? []).sort();

  const nodes = graph.nodes().sort();
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const n of nodes) {
    const count = before(n).length;
    waiting.set(n, count);
    if (count === 0) ready.push(n);
  }

  const controller = new AbortController();
  const outer = options.signal;
  return new Promise<void>((resolve, reject) => {
    let head = 0;
    let running = 0;
    let done = 0;
    let failure: { error: unknown } | undefined;
    let finished = false;

    const finish = (): void => {
      if (finished) return;
      finished = true;
      outer?.removeEventListener('abort', onAbort);
      if (failure) reject(failure.error);
      else resolve();
    };
    const fail = (error: unknown): void => {
      if (failure) return;
      failure = { error };
      controller.abort(error);
    };
    const onAbort = (): void => {
      fail(outer?.reason);
      if (running === 0) finish();
    };

    const settle = (node: string, error?: { error: unknown }): void => {
      running--;
      if (error) fail(error.error);
      else {
        done++;
        for (const next of after(node)) {
          const left = (waiting.get(next) ?? 0) - 1;
          waiting.set(next, left);
          if (left === 0) ready.push(next);
        }
      }
      pump();
    };

    const pump = (): void => {
      while (!failure && running < limit && head < ready.length) {
        const node = ready[head++] as string;
        running++;
        // A visit that throws synchronously is a failure like any other.
        Promise.resolve()
          .then(() => visit(node, controller.signal))
          .then(
            () => settle(node),
            (error: unknown) => settle(node, { error }),
          );
      }
      if (running === 0 && (failure || done === nodes.length)) finish();
      else if (running === 0 && head >= ready.length && done < nodes.length) {
        // Unreachable for an acyclic graph: buildGraph rejects cycles before anything walks.
        fail(new Error(`walk stalled: ${nodes.length - done} nodes wait on a dependency cycle`));
        finish();
      }
    };

    if (outer?.aborted) {
      failure = { error: outer.reason };
      finish();
      return;
    }
    outer?.addEventListener('abort', onAbort, { once: true });
    pump();
  });
}
