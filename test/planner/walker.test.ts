import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Graph } from '@dagrejs/graphlib';
import { walk, type Direction } from '../../src/planner/walker.js';
import { resolveParallelism } from '../../src/planner/parallelism.js';

/** edges as "dependent>dependency" */
function graphOf(nodes: readonly string[], edges: readonly string[] = []): Graph {
  const g = new Graph({ directed: true });
  for (const n of nodes) g.setNode(n);
  for (const e of edges) {
    const [v, w] = e.split('>') as [string, string];
    g.setEdge(v, w);
  }
  return g;
}

interface Recorder {
  readonly events: string[];
  maxRunning: number;
  visit: (node: string, signal: AbortSignal) => Promise<void>;
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fake visitor that records start/end events and the highest concurrency it saw. */
function recorder(plan: Record<string, { ms?: number; fail?: boolean }> = {}): Recorder {
  let running = 0;
  const r: Recorder = {
    events: [],
    maxRunning: 0,
    visit: async (node, signal) => {
      running++;
      r.maxRunning = Math.max(r.maxRunning, running);
      r.events.push(`start ${node}`);
      try {
        const { ms = 1, fail = false } = plan[node] ?? {};
        await new Promise<void>((resolve, reject) => {
          const onAbort = (): void => {
            clearTimeout(t);
            r.events.push(`aborted ${node}`);
            reject(signal.reason);
          };
          const t = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          }, ms);
          signal.addEventListener('abort', onAbort, { once: true });
        });
        if (fail) throw new Error(`${node} failed`);
        r.events.push(`end ${node}`);
      } finally {
        running--;
      }
    },
  };
  return r;
}

function assertBefore(events: readonly string[], first: string, second: string): void {
  const a = events.indexOf(first);
  const b = events.indexOf(second);
  assert.ok(a >= 0 && b >= 0 && a < b, `expected "${first}" before "${second}" in ${events.join(', ')}`);
}

const chain = graphOf(['web', 'api', 'db'], ['web>api', 'api>db']);

test('up visits dependencies first; down visits dependents first', async () => {
  for (const [direction, order] of [['up', ['db', 'api', 'web']], ['down', ['web', 'api', 'db']]] as [Direction, string[]][]) {
    const r = recorder();
    await walk(chain, direction, r.visit, { parallel: 4 });
    assertBefore(r.events, `end ${order[0]}`, `start ${order[1]}`);
    assertBefore(r.events, `end ${order[1]}`, `start ${order[2]}`);
    assert.equal(r.events.length, 6);
  }
});

test('a diamond runs its two middle nodes in parallel and each node once', async () => {
  const g = graphOf(['top', 'left', 'right', 'bottom'], ['top>left', 'top>right', 'left>bottom', 'right>bottom']);
  const r = recorder({ left: { ms: 20 }, right: { ms: 20 } });
  await walk(g, 'up', r.visit, { parallel: 8 });
  assert.equal(r.maxRunning, 2);
  assert.equal(r.events.filter((e) => e.startsWith('start')).length, 4);
  assertBefore(r.events, 'end left', 'start top');
  assertBefore(r.events, 'end right', 'start top');
});

test('independent services all start at once when unbounded', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
  const r = recorder(Object.fromEntries(names.map((n) => [n, { ms: 15 }])));
  await walk(graphOf(names), 'up', r.visit, { parallel: -1 });
  assert.equal(r.maxRunning, 12);
});

test('parallelism is bounded: never more than N visits at once', async () => {
  const names = Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}`);
  const r = recorder(Object.fromEntries(names.map((n, i) => [n, { ms: 2 + (i % 5) * 3 }])));
  await walk(graphOf(names), 'up', r.visit, { parallel: 3 });
  assert.equal(r.maxRunning, 3);
  assert.equal(r.events.filter((e) => e.startsWith('end')).length, 20);
});

test('a node starts as soon as its own dependencies are done, not when its level is', async () => {
  // fastApp depends on fastDb only; slowDb is on the same "level" but must not hold it back.
  const g = graphOf(['fastApp', 'fastDb', 'slowDb', 'slowApp'], ['fastApp>fastDb', 'slowApp>slowDb']);
  const r = recorder({ slowDb: { ms: 60 }, fastDb: { ms: 1 } });
  await walk(g, 'up', r.visit, { parallel: 8 });
  assertBefore(r.events, 'start fastApp', 'end slowDb');
});

test('the first failure cancels running visits and starts nothing more', async () => {
  const g = graphOf(['a', 'b', 'c', 'after'], ['after>a', 'after>b', 'after>c']);
  const r = recorder({ a: { ms: 5, fail: true }, b: { ms: 500 }, c: { ms: 500 } });
  await assert.rejects(walk(g, 'up', r.visit, { parallel: 8 }), /a failed/);
  assert.ok(r.events.includes('aborted b') && r.events.includes('aborted c'), r.events.join(', '));
  assert.ok(!r.events.includes('start after'));
  assert.equal(r.events.length, 5, r.events.join(', '));
});

test('the walk rejects only once every running visit has settled', async () => {
  const events: string[] = [];
  const g = graphOf(['bad', 'slow']);
  const visit = async (node: string, signal: AbortSignal): Promise<void> => {
    if (node === 'bad') throw new Error('bad failed');
    // a visit that needs time to wind down after the abort (e.g. stopping what it started)
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await tick(30);
    events.push('slow settled');
  };
  await assert.rejects(walk(g, 'up', visit, { parallel: 2 }).finally(() => events.push('walk settled')), /bad failed/);
  assert.deepEqual(events, ['slow settled', 'walk settled']);
});

test('a failure while bounded leaves queued nodes unvisited', async () => {
  const names = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const r = recorder({ n1: { fail: true } });
  await assert.rejects(walk(graphOf(names), 'up', r.visit, { parallel: 1 }), /n1 failed/);
  assert.deepEqual(r.events, ['start n1']);
});

test('a visit that throws synchronously fails the walk', async () => {
  await assert.rejects(walk(chain, 'up', (n) => { if (n === 'db') throw new Error('boom'); return Promise.resolve(); }), /boom/);
});

test('aborting the outer signal stops the walk with its reason', async () => {
  const controller = new AbortController();
  const r = recorder({ db: { ms: 500 } });
  setTimeout(() => controller.abort(new Error('interrupted')), 10);
  await assert.rejects(walk(chain, 'up', r.visit, { signal: controller.signal }), /interrupted/);
  assert.deepEqual(r.events, ['start db', 'aborted db']);
  const already = new AbortController();
  already.abort(new Error('too late'));
  await assert.rejects(walk(chain, 'up', r.visit, { signal: already.signal }), /too late/);
});

test('an empty graph walks at once', async () => {
  await walk(graphOf([]), 'down', () => Promise.reject(new Error('never')));
});

test('invalid parallelism is refused', () => {
  assert.throws(() => walk(chain, 'up', () => Promise.resolve(), { parallel: 0 }), RangeError);
});

test('default parallelism is 4 per core; -1 lifts the bound; an explicit value wins', () => {
  assert.equal(resolveParallelism(undefined, 2), 8);
  assert.equal(resolveParallelism(-1, 2), Infinity);
  assert.equal(resolveParallelism(3, 64), 3);
});

test('a cyclic graph makes the walk fail instead of hanging', async () => {
  const r = recorder();
  await assert.rejects(walk(graphOf(['a', 'b', 'c'], ['a>b', 'b>a']), 'up', r.visit), /walk stalled: 2 nodes wait on a dependency cycle/);
  assert.deepEqual(r.events, ['start c', 'end c']);
});
