import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlan } from '../../src/executor/apply-plan.js';
import { planDown, planUp } from '../../src/planner/index.js';
import { RecordingReporter } from '../../src/progress/events.js';
import { FakeRuntime, type ServiceScript } from '../helpers/fake-runtime.js';
import { makeProject } from '../helpers/model.js';
import type { DependencyCondition } from '../../src/model/project.js';

function stack(condition: DependencyCondition) {
  return makeProject({
    name: 'p',
    services: { db: { image: 'db:1' }, web: { image: 'web:1', depends_on: { db: { condition } } } },
  });
}

async function up(condition: DependencyCondition, scripts: Record<string, ServiceScript>) {
  const project = stack(condition);
  const runtime = new FakeRuntime(scripts);
  const reporter = new RecordingReporter();
  const plan = planUp(project, await runtime.observe());
  const run = applyPlan(plan, runtime, reporter, { project, healthPollMs: 1 });
  return { runtime, reporter, run };
}

test('dependencies are started before their dependents; images are pulled first', async () => {
  const { runtime, run } = await up('service_started', {});
  await run;
  const calls = runtime.calls;
  assert.deepEqual(calls.slice(0, 2).sort(), ['ensure-image db:1 missing', 'ensure-image web:1 missing']);
  assert.ok(calls.indexOf('start id-p-db-1') < calls.indexOf('start id-p-web-1'), calls.join('\n'));
  assert.ok(calls.indexOf('create p-db-1') < calls.indexOf('create p-web-1'), calls.join('\n'));
  assert.ok(calls.includes('create-network default'));
  assert.ok(calls.indexOf('create-network default') < calls.indexOf('create p-db-1'));
});

test('service_healthy waits until the dependency reports healthy', async () => {
  const { runtime, reporter, run } = await up('service_healthy', { db: { health: ['starting', 'starting', 'healthy'] } });
  await run;
  assert.ok(runtime.calls.includes('start id-p-web-1'));
  const lines = reporter.lines();
  assert.ok(lines.indexOf('Container p-db-1  Healthy') < lines.indexOf('Container p-web-1  Starting'), lines.join('\n'));
  assert.ok(lines.includes('Container p-db-1  Waiting'));
});

test('service_healthy fails clearly when the dependency has no healthcheck', async () => {
  const { runtime, run } = await up('service_healthy', { db: { health: ['none'] } });
  await assert.rejects(run, /container p-db-1 has no healthcheck configured/);
  assert.ok(!runtime.calls.includes('start id-p-web-1'));
});

test('service_healthy fails when the dependency turns unhealthy', async () => {
  const { runtime, run } = await up('service_healthy', { db: { health: ['starting', 'unhealthy'] } });
  await assert.rejects(run, /container p-db-1 is unhealthy/);
  assert.ok(!runtime.calls.includes('start id-p-web-1'));
});

test('service_completed_successfully needs exit 0', async () => {
  const ok = await up('service_completed_successfully', { db: { exit: 0, exitAfterMs: 5 } });
  await ok.run;
  assert.ok(ok.runtime.calls.includes('start id-p-web-1'));
  const bad = await up('service_completed_successfully', { db: { exit: 3, exitAfterMs: 5 } });
  await assert.rejects(bad.run, /service "db" didn't complete successfully: exit 3/);
  assert.ok(!bad.runtime.calls.includes('start id-p-web-1'));
});

test('a dependent is created while its dependency is still turning healthy, and started after', async () => {
  const { reporter, run } = await up('service_healthy', { db: { health: [...Array(20).fill('starting'), 'healthy'] } });
  await run;
  const lines = reporter.lines();
  const healthy = lines.indexOf('Container p-db-1  Healthy');
  assert.ok(lines.indexOf('Container p-web-1  Created') < healthy, lines.join('\n'));
  assert.ok(healthy < lines.indexOf('Container p-web-1  Starting'), lines.join('\n'));
});

test('a failure stops what has not started yet', async () => {
  const { runtime, run } = await up('service_started', { db: { failCreate: 'no space left' } });
  await assert.rejects(run, /no space left/);
  assert.ok(!runtime.calls.some((c) => c.includes('p-web-1')));
});

test('running the same up twice changes nothing the second time', async () => {
  const project = stack('service_started');
  const runtime = new FakeRuntime();
  await applyPlan(planUp(project, await runtime.observe()), runtime, new RecordingReporter(), { project });
  const before = runtime.calls.length;
  const reporter = new RecordingReporter();
  await applyPlan(planUp(project, await runtime.observe()), runtime, reporter, { project });
  const changes = runtime.calls.slice(before).filter((c) => !c.startsWith('ensure-image') && !c.startsWith('create-network'));
  assert.deepEqual(changes, []);
  assert.ok(reporter.lines().includes('Container p-web-1  Running'));
});

test('down removes dependents before their dependencies, then the network', async () => {
  const project = stack('service_started');
  const runtime = new FakeRuntime();
  await applyPlan(planUp(project, await runtime.observe()), runtime, new RecordingReporter(), { project });
  const observed = await runtime.observe();
  const withNet = { ...observed, networks: [{ id: 'n1', name: 'p_default', key: 'default', labels: {} }] };
  const start = runtime.calls.length;
  await applyPlan(planDown(project, withNet), runtime, new RecordingReporter(), { project });
  const calls = runtime.calls.slice(start);
  assert.ok(calls.indexOf('remove id-p-web-1') < calls.indexOf('stop id-p-db-1'), calls.join('\n'));
  assert.equal(calls.at(-1), 'remove-network p_default');
});

test('fields the backend does not support are warned about by name, once', async () => {
  const project = makeProject({ name: 'p', services: { web: { image: 'w', privileged: true } } });
  const runtime = new FakeRuntime();
  const reporter = new RecordingReporter();
  await applyPlan(planUp(project, await runtime.observe()), runtime, reporter, { project });
  assert.deepEqual(reporter.warnings.filter((w) => w.includes('privileged')), [
    'services.web.privileged is not supported by the docker backend and is ignored',
  ]);
});

test('a dependent with depends_on restart: true is stopped and started again after its dependency is recreated', async () => {
  const make = (dbImage: string) =>
    makeProject({
      name: 'p',
      services: { db: { image: dbImage }, web: { image: 'web:1', depends_on: { db: { condition: 'service_started', restart: true } } } },
    });
  const runtime = new FakeRuntime();
  await applyPlan(planUp(make('db:1'), await runtime.observe()), runtime, new RecordingReporter(), { project: make('db:1') });
  const start = runtime.calls.length;
  const changed = make('db:2');
  const plan = planUp(changed, await runtime.observe());
  await applyPlan(plan, runtime, new RecordingReporter(), { project: changed });
  const calls = runtime.calls.slice(start);
  const webStop = calls.indexOf('stop id-p-web-1');
  assert.ok(webStop >= 0, calls.join('\n'));
  assert.ok(calls.indexOf('start id-p-web-1', webStop) > webStop, calls.join('\n'));
  assert.ok(calls.indexOf('create p-db-1') < webStop, calls.join('\n'));
});
