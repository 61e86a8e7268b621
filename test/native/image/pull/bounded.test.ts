import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBounded } from '../../../../src/native/image/pull/bounded.js';

/** a task that can be ended (or failed) from outside, recording how many run at once */
function gate(log: string[], counter: { now: number; max: number }, name: string) {
  let end!: () => void;
  let fail!: (err: Error) => void;
  let release: (() => void) | undefined;
  const ended = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const task = async (r: () => void): Promise<void> => {
    release = r;
    counter.now++;
    counter.max = Math.max(counter.max, counter.now);
    log.push(`start ${name}`);
    markStarted();
    try {
      await ended;
    } finally {
      counter.now--;
      log.push(`end ${name}`);
    }
  };
  return { task, end, fail, started, release: () => (release as () => void)() };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('no more than `limit` tasks run at once, and all are awaited', { timeout: 10_000 }, async () => {
  const log: string[] = [];
  const counter = { now: 0, max: 0 };
  const gates = ['a', 'b', 'c', 'd', 'e'].map((n) => gate(log, counter, n));
  let settled = false;
  const all = runBounded(gates.map((g) => g.task), 2).then(() => (settled = true));
  await turn();
  assert.deepEqual(log, ['start a', 'start b']);
  for (const g of gates) {
    g.end();
    await turn();
  }
  await all;
  assert.ok(settled);
  assert.equal(counter.max, 2);
  assert.deepEqual(log.filter((l) => l.startsWith('start')), ['start a', 'start b', 'start c', 'start d', 'start e']);
});

test('a task that releases its slot lets the next start, and is still awaited', { timeout: 10_000 }, async () => {
  const log: string[] = [];
  const counter = { now: 0, max: 0 };
  const [a, b, c] = ['a', 'b', 'c'].map((n) => gate(log, counter, n)) as [ReturnType<typeof gate>, ReturnType<typeof gate>, ReturnType<typeof gate>];
  let settled = false;
  const all = runBounded([a.task, b.task, c.task], 1).then(() => (settled = true));
  await a.started;
  await turn();
  assert.deepEqual(log, ['start a']);
  a.release();
  // a second release of the same slot frees nothing more
  a.release();
  await b.started;
  await turn();
  assert.deepEqual(log, ['start a', 'start b']);
  b.end();
  await c.started;
  c.end();
  await turn();
  assert.equal(settled, false, 'runBounded settled while a released task was still running');
  a.end();
  await all;
  assert.deepEqual(log, ['start a', 'start b', 'end b', 'start c', 'end c', 'end a']);
});

test('the first failure stops further starts and is thrown once the running tasks settle', { timeout: 10_000 }, async () => {
  const log: string[] = [];
  const counter = { now: 0, max: 0 };
  const gates = ['a', 'b', 'c', 'd'].map((n) => gate(log, counter, n));
  const all = runBounded(gates.map((g) => g.task), 2);
  await turn();
  (gates[0] as ReturnType<typeof gate>).fail(new Error('a broke'));
  await turn();
  assert.ok(!log.includes('start c'), 'a task started after a failure');
  (gates[1] as ReturnType<typeof gate>).end();
  await assert.rejects(all, /a broke/);
  assert.deepEqual(log, ['start a', 'start b', 'end a', 'end b']);
});

test('a task that throws before its first await counts as a failure', { timeout: 10_000 }, async () => {
  const started: string[] = [];
  await assert.rejects(
    runBounded(
      [
        () => {
          throw new Error('at once');
        },
        async () => {
          started.push('b');
        },
      ],
      1,
    ),
    /at once/,
  );
  assert.deepEqual(started, []);
});
