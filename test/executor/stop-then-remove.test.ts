import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan } from '../../src/executor/apply-plan.js';
import { planDown, planUp } from '../../src/planner/index.js';
import { RecordingReporter } from '../../src/progress/events.js';
import { FakeRuntime } from '../helpers/fake-runtime.js';
import { makeProject } from '../helpers/model.js';

/** A runtime whose removals wait until released, so what overlaps them can be seen. */
class SlowRemoval extends FakeRuntime {
  readonly pending = new Map<string, () => void>();
  failRemove?: string;
  failStop?: string;
  override async removeContainer(id: string) {
    await new Promise<void>((resolve) => this.pending.set(id, resolve));
    this.pending.delete(id);
    if (id === this.failRemove) throw new Error(`remove container ${id}: device or resource busy`);
    return super.removeContainer(id);
  }
  override async stopContainer(id: string) {
    if (id === this.failStop) {
      this.calls.push(`stop ${id}`);
      throw new Error(`stop container ${id}: permission denied`);
    }
    return super.stopContainer(id);
  }
  releaseAll() {
    for (const r of [...this.pending.values()]) r();
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

// cache <- db <- web <- proxy: a chain, dependents first going down
const chain = makeProject({
  name: 'p',
  services: {
    cache: { image: 'c' },
    db: { image: 'd', depends_on: ['cache'] },
    web: { image: 'w', depends_on: ['db'] },
    proxy: { image: 'x', depends_on: ['web'] },
  },
});

async function upThenDown(runtime: SlowRemoval, parallel?: number) {
  await applyPlan(planUp(chain, await runtime.observe()), runtime, new RecordingReporter(), { project: chain });
  const start = runtime.calls.length;
  const reporter = new RecordingReporter();
  const run = applyPlan(planDown(chain, await runtime.observe()), runtime, reporter, {
    project: chain,
    ...(parallel !== undefined ? { parallel } : {}),
  });
  run.catch(() => undefined);
  return { run, reporter, calls: () => runtime.calls.slice(start) };
}

test('down stops a dependency as soon as its dependents are stopped, while they are still being removed', async () => {
  const runtime = new SlowRemoval();
  const { run, reporter, calls } = await upThenDown(runtime);
  await settle();
  // no removal has finished, yet every service is stopped, dependents first
  assert.deepEqual(calls(), ['stop id-p-proxy-1', 'stop id-p-web-1', 'stop id-p-db-1', 'stop id-p-cache-1']);
  assert.equal(runtime.pending.size, 4);
  runtime.releaseAll();
  await run;
  assert.deepEqual(calls().filter((c) => c.startsWith('remove ')).sort(), [
    'remove id-p-cache-1', 'remove id-p-db-1', 'remove id-p-proxy-1', 'remove id-p-web-1',
  ]);
  // progress still says Removing ... Removed for each container
  for (const s of ['proxy', 'web', 'db', 'cache']) {
    const lines = reporter.lines();
    assert.ok(lines.indexOf(`Container p-${s}-1  Removing`) < lines.indexOf(`Container p-${s}-1  Removed`), lines.join('\n'));
  }
});

test('down removes the networks only once every container is removed', async () => {
  const runtime = new SlowRemoval();
  await applyPlan(planUp(chain, await runtime.observe()), runtime, new RecordingReporter(), { project: chain });
  const observed = await runtime.observe();
  const withNet = { ...observed, networks: [{ id: 'n1', name: 'p_default', key: 'default', labels: {} }] };
  const run = applyPlan(planDown(chain, withNet), runtime, new RecordingReporter(), { project: chain });
  await settle();
  assert.ok(!runtime.calls.includes('remove-network p_default'));
  runtime.releaseAll();
  await run;
  assert.equal(runtime.calls.at(-1), 'remove-network p_default');
});

test('with --parallel 1 a container is removed before the next one is stopped', async () => {
  const runtime = new SlowRemoval();
  const { run, calls } = await upThenDown(runtime, 1);
  for (let i = 0; i < 4; i++) {
    await settle();
    assert.equal(runtime.pending.size, 1, calls().join('\n'));
    runtime.releaseAll();
  }
  await run;
  assert.deepEqual(calls(), [
    'stop id-p-proxy-1', 'remove id-p-proxy-1', 'stop id-p-web-1', 'remove id-p-web-1',
    'stop id-p-db-1', 'remove id-p-db-1', 'stop id-p-cache-1', 'remove id-p-cache-1',
  ]);
});

test('a failed stop leaves the dependencies running', async () => {
  const runtime = new SlowRemoval();
  runtime.failStop = 'id-p-web-1';
  const { run, calls } = await upThenDown(runtime);
  await settle();
  runtime.releaseAll();
  await assert.rejects(run, /stop container id-p-web-1: permission denied/);
  assert.ok(!calls().includes('stop id-p-db-1'), calls().join('\n'));
});

test('a failed removal fails down and stops nothing more', async () => {
  const runtime = new SlowRemoval();
  runtime.failRemove = 'id-p-proxy-1';
  // proxy's removal fails before web's stop is even asked for: parallel 1 keeps them in turn
  const { run, calls } = await upThenDown(runtime, 1);
  await settle();
  runtime.releaseAll();
  await assert.rejects(run, /remove container id-p-proxy-1: device or resource busy/);
  assert.deepEqual(calls(), ['stop id-p-proxy-1']);
});
