import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDown } from '../../src/planner/plan-down.js';
import { reconcile } from '../../src/planner/reconcile.js';
import { formatPlan, formatPlanLines } from '../../src/planner/format-plan.js';
import { walkPlan } from '../../src/planner/walk-plan.js';
import { LABEL } from '../../src/model/labels.js';
import { EMPTY_OBSERVED, type ObservedProject } from '../../src/model/observed.js';
import { makeContainer, makeProject } from '../helpers/model.js';
import { simulatePlan } from '../helpers/simulate-plan.js';

const project = makeProject({
  services: {
    web: { image: 'nginx:1', depends_on: ['api'] },
    api: { build: { context: '/src', args: {}, labels: {} }, depends_on: ['db'] },
    db: { image: 'postgres:16', volumes: [{ type: 'volume', source: 'data', target: '/data', read_only: false }] },
    dbg: { image: 'busybox', profiles: ['debug'] },
  },
  volumes: { data: {}, shared: { external: true, name: 'shared' } },
});
const running: ObservedProject = (() => {
  const up = simulatePlan(reconcile(project, EMPTY_OBSERVED, { scale: { api: 2 } }), EMPTY_OBSERVED);
  return { ...up, volumes: [...up.volumes, { name: 'shared', labels: {} }] };
})();

test('golden: down removes dependents first, then networks; volumes only with -v', () => {
  assert.deepEqual(formatPlanLines(planDown(project, running)), [
    'remove container demo-web-1 (down)',
    'remove container demo-api-2 (down)',
    'remove container demo-api-1 (down)',
    'remove container demo-db-1 (down)',
    'remove network demo_default (down)',
  ]);
  const lines = formatPlanLines(planDown(project, running, { volumes: true }));
  assert.deepEqual(lines.slice(-2), ['remove network demo_default (down)', 'remove volume demo_data (--volumes)']);
  assert.ok(planDown(project, running, { volumes: true }).services.every((s) => s.operations.every((o) => o.kind === 'remove-container' && o.volumes)));
});

test('--rmi all removes every service image, --rmi local only built ones', () => {
  assert.deepEqual(formatPlanLines(planDown(project, running, { rmi: 'all' })).filter((l) => l.includes('image')), [
    'remove image busybox (--rmi all)',
    'remove image demo-api (--rmi all)',
    'remove image nginx:1 (--rmi all)',
    'remove image postgres:16 (--rmi all)',
  ]);
  assert.deepEqual(formatPlanLines(planDown(project, running, { rmi: 'local' })).filter((l) => l.includes('image')), ['remove image demo-api (--rmi local)']);
});

test('containers of profile-disabled services are taken down; orphans only with --remove-orphans', () => {
  const observed = { ...running, containers: [...running.containers, makeContainer('demo', 'dbg', 1), makeContainer('demo', 'gone', 1)] };
  const plan = planDown(project, observed);
  assert.ok(formatPlan(plan).includes('remove container demo-dbg-1 (down)'));
  assert.ok(!formatPlan(plan).includes('demo-gone-1 (orphan)'));
  assert.match(plan.warnings[0] ?? '', /orphan containers \(demo-gone-1\)/);
  assert.equal(formatPlanLines(planDown(project, observed, { removeOrphans: true }))[0], 'remove container demo-gone-1 (orphan)');
  const ignoring = planDown(project, observed, { ignoreOrphans: true });
  assert.deepEqual(ignoring.warnings, []);
  assert.ok(!formatPlan(ignoring).includes('demo-gone-1'));
});

test('without a compose file, labels give the services and their order', () => {
  const c = (service: string, deps: string) => makeContainer('demo', service, 1, { labels: deps ? { [LABEL.dependsOn]: deps } : {} });
  const observed: ObservedProject = {
    containers: [c('db', ''), c('web', 'api:service_started:false'), c('api', 'db:service_healthy:true,missing:service_started:false')],
    networks: [{ id: 'n1', name: 'demo_default', labels: {} }, { id: 'n2', name: 'demo_back', labels: {} }],
    volumes: [{ name: 'demo_data', labels: {} }],
  };
  assert.deepEqual(formatPlanLines(planDown(undefined, observed, { volumes: true })), [
    'remove container demo-web-1 (down)',
    'remove container demo-api-1 (down)',
    'remove container demo-db-1 (down)',
    'remove network demo_back (down)',
    'remove network demo_default (down)',
    'remove volume demo_data (--volumes)',
  ]);
});

test('an empty down plan says there is nothing to do', () => {
  assert.equal(formatPlan(planDown(project, EMPTY_OBSERVED)), 'nothing to do for project demo\n');
});

test('walkPlan runs each service group once, in the plan direction', async () => {
  const seen: string[] = [];
  await walkPlan(planDown(project, running), async (group) => {
    seen.push(group.service);
  }, { parallel: 1 });
  assert.deepEqual(seen, ['dbg', 'web', 'api', 'db']);
  const up: string[] = [];
  await walkPlan(reconcile(project, EMPTY_OBSERVED), async (group) => {
    up.push(`${group.service}:${group.operations.length}`);
  }, { parallel: 1 });
  assert.deepEqual(up, ['db:3', 'api:3', 'web:3']);
});
