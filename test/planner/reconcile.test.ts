import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile } from '../../src/planner/reconcile.js';
import { formatPlan, formatPlanLines } from '../../src/planner/format-plan.js';
import { isNoop } from '../../src/planner/plan.js';
import { serviceConfigHash } from '../../src/planner/config-hash.js';
import { EMPTY_OBSERVED, type ObservedProject } from '../../src/model/observed.js';
import { makeContainer, makeProject, type ProjectInput } from '../helpers/model.js';
import { simulatePlan } from '../helpers/simulate-plan.js';

const stack: ProjectInput = {
  services: {
    web: { image: 'nginx:1', depends_on: { db: { condition: 'service_healthy' } }, environment: { MODE: 'prod' } },
    db: { image: 'postgres:16', volumes: [{ type: 'volume', source: 'data', target: '/var/lib/postgresql/data', read_only: false }] },
  },
  volumes: { data: {} },
};
const project = makeProject(stack);

/** The observed state after `compose up` of `p` from nothing. */
function upFromScratch(p = project): ObservedProject {
  return simulatePlan(reconcile(p, EMPTY_OBSERVED), EMPTY_OBSERVED);
}

test('golden: a fresh project creates networks and volumes first, then services in dependency order', () => {
  assert.equal(formatPlan(reconcile(project, EMPTY_OBSERVED)), [
    'create network demo_default (not found)',
    'create volume demo_data (not found)',
    'pull image postgres:16 for db (if missing)',
    'create container demo-db-1 (not found)',
    'start container demo-db-1 (created)',
    'pull image nginx:1 for web (if missing)',
    'create container demo-web-1 (not found)',
    'start container demo-web-1 (created)',
    '',
  ].join('\n'));
});

test('golden: running up twice changes nothing the second time', () => {
  const plan = reconcile(project, upFromScratch());
  assert.deepEqual(formatPlanLines(plan), [
    'leave container demo-db-1 (up to date)',
    'leave container demo-web-1 (up to date)',
  ]);
  assert.ok(isNoop(plan));
});

test('golden: a changed environment recreates that service only', () => {
  const changed = makeProject({ ...stack, services: { ...stack.services, web: { ...stack.services.web, environment: { MODE: 'debug' } } } });
  assert.deepEqual(formatPlanLines(reconcile(changed, upFromScratch())), [
    'leave container demo-db-1 (up to date)',
    'pull image nginx:1 for web (if missing)',
    'recreate container demo-web-1 (config hash diverged)',
    'start container demo-web-1 (recreated)',
  ]);
});

test('golden: a changed image pulls the new one and recreates', () => {
  const changed = makeProject({ ...stack, services: { ...stack.services, db: { ...stack.services.db, image: 'postgres:17' } } });
  assert.deepEqual(formatPlanLines(reconcile(changed, upFromScratch())), [
    'pull image postgres:17 for db (if missing)',
    'recreate container demo-db-1 (config hash diverged)',
    'start container demo-db-1 (recreated)',
    'leave container demo-web-1 (up to date)',
  ]);
});

test('golden: an orphan is reported, and removed with --remove-orphans', () => {
  const observed = upFromScratch();
  const withOrphan = { ...observed, containers: [...observed.containers, makeContainer('demo', 'old', 1)] };
  assert.deepEqual(formatPlanLines(reconcile(project, withOrphan)), [
    'leave container demo-db-1 (up to date)',
    'leave container demo-web-1 (up to date)',
    'warning: found orphan containers (demo-old-1) for project "demo": they belong to services no longer in the compose file; remove them with --remove-orphans',
  ]);
  assert.deepEqual(formatPlanLines(reconcile(project, withOrphan, { removeOrphans: true })), [
    'remove container demo-old-1 (orphan)',
    'leave container demo-db-1 (up to date)',
    'leave container demo-web-1 (up to date)',
  ]);
  // COMPOSE_IGNORE_ORPHANS: left alone, and not reported
  assert.deepEqual(formatPlanLines(reconcile(project, withOrphan, { ignoreOrphans: true })), [
    'leave container demo-db-1 (up to date)',
    'leave container demo-web-1 (up to date)',
  ]);
});

test('containers of services disabled by profiles are not orphans', () => {
  const p = makeProject({ services: { app: { image: 'x' }, dbg: { image: 'x', profiles: ['debug'] } } });
  const observed = { ...EMPTY_OBSERVED, containers: [makeContainer('demo', 'dbg', 1)] };
  assert.deepEqual(reconcile(p, observed).warnings, []);
});

test('golden: scale 1 -> 3 -> 1 adds the next numbers, then removes the highest first', () => {
  const one = upFromScratch();
  const up3 = reconcile(project, one, { scale: { web: 3 } });
  assert.deepEqual(formatPlanLines(up3), [
    'leave container demo-db-1 (up to date)',
    'pull image nginx:1 for web (if missing)',
    'leave container demo-web-1 (up to date)',
    'create container demo-web-2 (scale up)',
    'start container demo-web-2 (created)',
    'create container demo-web-3 (scale up)',
    'start container demo-web-3 (created)',
  ]);
  const three = simulatePlan(up3, one);
  assert.deepEqual(formatPlanLines(reconcile(project, three, { scale: { web: 3 } })).filter((l) => !l.startsWith('leave')), []);
  assert.deepEqual(formatPlanLines(reconcile(project, three)), [
    'leave container demo-db-1 (up to date)',
    'remove container demo-web-3 (scale down)',
    'remove container demo-web-2 (scale down)',
    'leave container demo-web-1 (up to date)',
  ]);
});

test('deploy.replicas is honoured and --scale wins over it', () => {
  const p = makeProject({ services: { w: { image: 'x', deploy: { replicas: 2, resources: {}, labels: {} } } } });
  assert.deepEqual(formatPlanLines(reconcile(p, EMPTY_OBSERVED)).filter((l) => l.startsWith('create container')), [
    'create container demo-w-1 (not found)',
    'create container demo-w-2 (not found)',
  ]);
  assert.deepEqual(formatPlanLines(reconcile(p, EMPTY_OBSERVED, { scale: { w: 0 } })), ['create network demo_default (not found)']);
});

test('scaling down removes obsolete containers before up-to-date ones', () => {
  const p = makeProject({ services: { w: { image: 'x' } } });
  const hash = serviceConfigHash(p.services.w!);
  const observed = { ...EMPTY_OBSERVED, containers: [
    makeContainer('demo', 'w', 1, { configHash: 'stale' }),
    makeContainer('demo', 'w', 2, { configHash: hash }),
    makeContainer('demo', 'w', 3, { configHash: hash }),
  ] };
  assert.deepEqual(formatPlanLines(reconcile(p, { ...observed, networks: [{ id: 'n', name: 'demo_default', labels: {} }] }, { scale: { w: 2 } })), [
    'remove container demo-w-1 (scale down)',
    'leave container demo-w-2 (up to date)',
    'leave container demo-w-3 (up to date)',
  ]);
});

test('exited and never-started containers are started; dead ones recreated; paused ones left', () => {
  const p = makeProject({ services: { a: { image: 'x' }, b: { image: 'x' }, c: { image: 'x' }, d: { image: 'x' } } });
  const hash = (s: string) => serviceConfigHash(p.services[s]!);
  const observed: ObservedProject = {
    containers: [
      makeContainer('demo', 'a', 1, { configHash: hash('a'), state: 'exited' }),
      makeContainer('demo', 'b', 1, { configHash: hash('b'), state: 'created' }),
      makeContainer('demo', 'c', 1, { configHash: hash('c'), state: 'dead' }),
      makeContainer('demo', 'd', 1, { configHash: hash('d'), state: 'paused' }),
    ],
    networks: [{ id: 'n', name: 'demo_default', labels: {} }],
    volumes: [],
  };
  assert.deepEqual(formatPlanLines(reconcile(p, observed)), [
    'start container demo-a-1 (exited)',
    'start container demo-b-1 (not started)',
    'pull image x for c (if missing)',
    'recreate container demo-c-1 (dead)',
    'start container demo-c-1 (recreated)',
    'leave container demo-d-1 (paused)',
  ]);
});

test('--force-recreate, --no-recreate and --no-start', () => {
  const observed = upFromScratch();
  assert.deepEqual(formatPlanLines(reconcile(project, observed, { forceRecreate: true })).filter((l) => l.startsWith('recreate')), [
    'recreate container demo-db-1 (force recreate)',
    'recreate container demo-web-1 (force recreate)',
  ]);
  const changed = makeProject({ ...stack, services: { ...stack.services, web: { ...stack.services.web, environment: {} } } });
  assert.ok(isNoop(reconcile(changed, observed, { noRecreate: true })));
  assert.ok(formatPlanLines(reconcile(project, EMPTY_OBSERVED, { noStart: true })).every((l) => !l.startsWith('start')));
});

test('pull policies and --pull decide the image operation', () => {
  const observed = upFromScratch();
  const always = makeProject({ ...stack, services: { ...stack.services, db: { ...stack.services.db, pull_policy: 'always' } } });
  assert.deepEqual(formatPlanLines(reconcile(always, observed)).filter((l) => l.startsWith('pull')), ['pull image postgres:16 for db (pull_policy always)']);
  assert.deepEqual(formatPlanLines(reconcile(project, observed, { pull: 'always' })).filter((l) => l.startsWith('pull')), [
    'pull image postgres:16 for db (--pull always)',
    'pull image nginx:1 for web (--pull always)',
  ]);
  assert.deepEqual(formatPlanLines(reconcile(project, EMPTY_OBSERVED, { pull: 'never' })).filter((l) => l.startsWith('pull')), []);
  const built = makeProject({ services: { app: { build: { context: '/src', args: {}, labels: {} } } } });
  assert.deepEqual(formatPlanLines(reconcile(built, EMPTY_OBSERVED)).filter((l) => l.startsWith('build')), ['build image demo-app for app (if missing)']);
});

test('selection: up web --no-deps plans web alone; up web brings db', () => {
  assert.deepEqual(reconcile(project, EMPTY_OBSERVED, { services: ['web'], noDeps: true }).services.map((s) => s.service), ['web']);
  assert.deepEqual(reconcile(project, EMPTY_OBSERVED, { services: ['web'] }).services.map((s) => s.service), ['db', 'web']);
  // db's volume is not needed by web alone
  assert.ok(!formatPlan(reconcile(project, EMPTY_OBSERVED, { services: ['web'], noDeps: true })).includes('volume'));
});

test('the plan carries dependency conditions and container details for the executor', () => {
  const plan = reconcile(project, EMPTY_OBSERVED);
  const web = plan.services.find((s) => s.service === 'web');
  assert.deepEqual(web?.dependencies.map((d) => [d.service, d.condition]), [['db', 'service_healthy']]);
  const create = web?.operations.find((o) => o.kind === 'create-container');
  assert.deepEqual(create, { kind: 'create-container', service: 'web', number: 1, name: 'demo-web-1', configHash: serviceConfigHash(project.services.web!), cause: 'not found' });
  assert.deepEqual(plan.graph.edges(), [{ v: 'web', w: 'db' }]);
});

test('container_name is used, and refused with more than one replica', () => {
  const p = makeProject({ services: { w: { image: 'x', container_name: 'the-one' } } });
  assert.ok(formatPlan(reconcile(p, EMPTY_OBSERVED)).includes('create container the-one (not found)'));
  assert.throws(() => reconcile(p, EMPTY_OBSERVED, { scale: { w: 2 } }), /services\.w\.container_name: container name "the-one" must be unique/);
});

test('--scale of an unknown service or a negative count is a usage error', () => {
  assert.throws(() => reconcile(project, EMPTY_OBSERVED, { scale: { nope: 1 } }), /--scale: no such service: "nope"/);
  assert.throws(() => reconcile(project, EMPTY_OBSERVED, { scale: { web: -1 } }), /expected a whole number/);
});

test('one-off containers and other projects are ignored', () => {
  const observed = upFromScratch();
  const noisy = { ...observed, containers: [...observed.containers, makeContainer('demo', 'web', 7, { oneoff: true }), makeContainer('other', 'zzz', 1)] };
  assert.ok(isNoop(reconcile(project, noisy)));
});

test('golden: a service sharing a recreated container\'s namespaces is recreated too; a plain dependent is not', () => {
  const input: ProjectInput = {
    services: {
      vpn: { image: 'vpn:1' },
      app: { image: 'app', network_mode: 'service:vpn' },
      web: { image: 'web', depends_on: ['vpn'] },
    },
  };
  const observed = upFromScratch(makeProject(input));
  const changed = makeProject({ ...input, services: { ...input.services, vpn: { image: 'vpn:2' } } });
  assert.deepEqual(formatPlanLines(reconcile(changed, observed)), [
    'pull image vpn:2 for vpn (if missing)',
    'recreate container demo-vpn-1 (config hash diverged)',
    'start container demo-vpn-1 (recreated)',
    'pull image app for app (if missing)',
    'recreate container demo-app-1 (dependency recreated)',
    'start container demo-app-1 (recreated)',
    'leave container demo-web-1 (up to date)',
  ]);
});

test('scaling up a namespace provider leaves the services sharing it alone', () => {
  const input: ProjectInput = { services: { vpn: { image: 'vpn:1' }, app: { image: 'app', network_mode: 'service:vpn' } } };
  const p = makeProject(input);
  const lines = formatPlanLines(reconcile(p, upFromScratch(p), { scale: { vpn: 2 } }));
  assert.ok(lines.includes('leave container demo-app-1 (up to date)'), lines.join('\n'));
  assert.ok(lines.includes('create container demo-vpn-2 (scale up)'), lines.join('\n'));
});

test('golden: depends_on with restart: true restarts the dependent after its dependency is recreated', () => {
  const input: ProjectInput = {
    services: {
      db: { image: 'postgres:16' },
      api: { image: 'api', depends_on: { db: { condition: 'service_healthy', restart: true } } },
      web: { image: 'web', depends_on: ['db'] },
    },
  };
  const observed = upFromScratch(makeProject(input));
  const changed = makeProject({ ...input, services: { ...input.services, db: { image: 'postgres:17' } } });
  assert.deepEqual(formatPlanLines(reconcile(changed, observed)), [
    'pull image postgres:17 for db (if missing)',
    'recreate container demo-db-1 (config hash diverged)',
    'start container demo-db-1 (recreated)',
    'restart container demo-api-1 (dependency recreated)',
    'leave container demo-web-1 (up to date)',
  ]);
  assert.ok(isNoop(reconcile(makeProject(input), observed)));
});
