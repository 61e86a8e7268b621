import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, oneShotServices, waitForServices } from '../../src/executor/wait.js';
import { makeProject } from '../helpers/model.js';
import { FakeRuntime } from '../helpers/fake-runtime.js';

const t = { id: 'x', name: 'p-a-1', service: 'a' };

test('judge: running without healthcheck is ready, starting is pending, unhealthy and exits fail', () => {
  assert.equal(judge(t, { state: 'running', health: 'none' }, false), 'ready');
  assert.equal(judge(t, { state: 'running', health: 'starting' }, false), 'pending');
  assert.deepEqual(judge(t, { state: 'running', health: 'unhealthy' }, false), { failed: 'container p-a-1 is unhealthy' });
  assert.deepEqual(judge(t, { state: 'exited', health: 'none', exitCode: 0 }, false), { failed: 'container p-a-1 exited (0)' });
});

test('judge: a one-shot service that exits 0 is ready, not a failure (docker/compose#10596)', () => {
  assert.equal(judge(t, { state: 'exited', health: 'none', exitCode: 0 }, true), 'ready');
  assert.deepEqual(judge(t, { state: 'exited', health: 'none', exitCode: 2 }, true), { failed: 'container p-a-1 exited (2)' });
  assert.equal(judge(t, { state: 'running', health: 'none' }, true), 'pending');
});

test('one-shot services are those waited on with service_completed_successfully', () => {
  const p = makeProject({
    services: { init: {}, db: {}, web: { depends_on: { init: { condition: 'service_completed_successfully' }, db: {} } } },
  });
  assert.deepEqual([...oneShotServices(p)], ['init']);
});

test('waitForServices times out naming what is not ready', async () => {
  const p = makeProject({ name: 'p', services: { a: { image: 'x' } } });
  const rt = new FakeRuntime({ a: { health: ['starting'] } });
  const c = await rt.createContainer({ project: p, service: p.services.a!, number: 1, name: 'p-a-1', oneoff: false, configHash: '', labels: {} });
  await rt.startContainer(c.id);
  await assert.rejects(
    waitForServices(rt, p, [{ id: c.id, name: c.name, service: 'a' }], { timeoutMs: 20, pollMs: 5 }),
    /timeout waiting for p-a-1 to be running and healthy/,
  );
});
