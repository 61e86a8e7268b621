import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limiter } from '../../src/executor/limiter.js';

test('a limiter keeps at most its limit in flight and runs the rest in call order', async () => {
  const l = limiter(2);
  let active = 0;
  let most = 0;
  const order: number[] = [];
  const job = (i: number) =>
    l.run(async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 1));
      order.push(i);
      active--;
      return i * 10;
    });
  const results = await Promise.all([0, 1, 2, 3, 4].map(job));
  assert.deepEqual(results, [0, 10, 20, 30, 40]);
  assert.equal(most, 2);
  assert.deepEqual(order.slice(2), [2, 3, 4]);
});

test('a failing call frees its slot', async () => {
  const l = limiter(1);
  await assert.rejects(l.run(async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(await l.run(async () => 'next'), 'next');
});
