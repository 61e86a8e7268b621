import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, dependencyOrder, subgraph } from '../../src/planner/graph.js';
import { ComposeFileError } from '../../src/errors.js';
import { makeProject, TEST_FILE } from '../helpers/model.js';
import type { Dependency } from '../../src/model/project.js';

function edgeKinds(deps: readonly Dependency[] | undefined): string[] {
  return (deps ?? []).map((d) => d.kind);
}

test('depends_on edges keep their condition, required and restart', () => {
  const g = buildGraph(makeProject({
    services: {
      web: { image: 'x', depends_on: { db: { condition: 'service_healthy', restart: true }, job: { condition: 'service_completed_successfully' } } },
      db: { image: 'x' },
      job: { image: 'x' },
    },
  }));
  const [db] = g.edge('web', 'db');
  assert.equal(db?.kind, 'depends_on');
  assert.equal(db?.condition, 'service_healthy');
  assert.equal(db?.restart, true);
  assert.equal(db?.required, true);
  assert.equal(g.edge('web', 'job')[0]?.condition, 'service_completed_successfully');
  assert.deepEqual(g.successors('db'), []);
});

test('links, network_mode, volumes_from, ipc and pid each make an edge of their kind', () => {
  const g = buildGraph(makeProject({
    services: {
      app: { image: 'x', links: ['db:database'], network_mode: 'service:vpn', volumes_from: ['data:ro', 'container:foreign'], ipc: 'service:shm', pid: 'service:tracer' },
      db: { image: 'x' },
      vpn: { image: 'x' },
      data: { image: 'x' },
      shm: { image: 'x' },
      tracer: { image: 'x' },
    },
  }));
  assert.deepEqual(edgeKinds(g.edge('app', 'db')), ['link']);
  assert.equal(g.edge('app', 'db')[0]?.alias, 'database');
  assert.deepEqual(edgeKinds(g.edge('app', 'vpn')), ['network_mode']);
  assert.deepEqual(edgeKinds(g.edge('app', 'data')), ['volumes_from']);
  assert.deepEqual(edgeKinds(g.edge('app', 'shm')), ['ipc']);
  assert.deepEqual(edgeKinds(g.edge('app', 'tracer')), ['pid']);
  assert.deepEqual(g.successors('app')?.sort(), ['data', 'db', 'shm', 'tracer', 'vpn']);
});

test('one pair tied several ways is one edge listing every reason', () => {
  const g = buildGraph(makeProject({
    services: { web: { image: 'x', depends_on: ['db'], links: ['db'] }, db: { image: 'x' } },
  }));
  assert.equal(g.edgeCount(), 1);
  assert.deepEqual(edgeKinds(g.edge('web', 'db')), ['depends_on', 'link']);
});

test('a diamond is ordered dependencies first, each node once', () => {
  const g = buildGraph(makeProject({
    services: {
      top: { image: 'x', depends_on: ['left', 'right'] },
      left: { image: 'x', depends_on: ['bottom'] },
      right: { image: 'x', depends_on: ['bottom'] },
      bottom: { image: 'x' },
    },
  }));
  assert.deepEqual(dependencyOrder(g), ['bottom', 'left', 'right', 'top']);
});

function cycleError(services: Parameters<typeof makeProject>[0]['services']): ComposeFileError {
  try {
    buildGraph(makeProject({ services }));
  } catch (e) {
    assert.ok(e instanceof ComposeFileError, `expected a ComposeFileError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a cycle to be rejected');
}

test('a service depending on itself is a cycle of length 1', () => {
  const e = cycleError({ web: { image: 'x', depends_on: ['web'] } });
  assert.match(e.message, /dependency cycle: web -> web$/);
  assert.equal(e.path, 'services.web.depends_on.web');
  assert.deepEqual(e.location, { file: TEST_FILE, line: 100, column: 7 });
});

test('a cycle of length 2 through a link names both services and the link', () => {
  const e = cycleError({ b: { image: 'x', links: ['a'] }, a: { image: 'x', depends_on: ['b'] } });
  assert.match(e.message, /dependency cycle: a -> b -> a$/);
  // the cycle starts at its smallest name, so the edge pointed at is a -> b
  assert.equal(e.path, 'services.a.depends_on.b');
  assert.equal(e.location?.line, 101);
  assert.match(e.message, new RegExp(`^${TEST_FILE}:101:7: `));
});

test('a cycle of length 5 is reported from its smallest name whatever the declaration order', () => {
  const services = {
    e: { image: 'x', depends_on: ['a'] },
    c: { image: 'x', depends_on: ['d'] },
    a: { image: 'x', network_mode: 'service:b' },
    d: { image: 'x', volumes_from: ['e'] },
    b: { image: 'x', depends_on: ['c'] },
    outside: { image: 'x', depends_on: ['c'] },
  };
  const e = cycleError(services);
  assert.match(e.message, /dependency cycle: a -> b -> c -> d -> e -> a$/);
  assert.equal(e.path, 'services.a.network_mode');
  const reversed = cycleError(Object.fromEntries(Object.entries(services).reverse()));
  assert.equal(reversed.detail, e.detail);
});

test('a cycle reached only through an acyclic service is still found', () => {
  const e = cycleError({ a: { image: 'x', depends_on: ['m'] }, m: { image: 'x', depends_on: ['n'] }, n: { image: 'x', depends_on: ['m'] } });
  assert.match(e.message, /dependency cycle: m -> n -> m$/);
});

test('a dependency on an undefined service is an error at the edge', () => {
  assert.throws(
    () => buildGraph(makeProject({ services: { web: { image: 'x', depends_on: ['nope'] } } })),
    (e: unknown) => e instanceof ComposeFileError && /depends on undefined service "nope"/.test(e.message) && e.location?.line === 100,
  );
});

test('a dependency on a service disabled by profiles names the profiles', () => {
  assert.throws(
    () => buildGraph(makeProject({ services: { web: { image: 'x', depends_on: ['dbg'] }, dbg: { image: 'x', profiles: ['debug'] } } })),
    (e: unknown) => e instanceof ComposeFileError && /"dbg", which is disabled by its profiles \(activate one of: debug\)/.test(e.message),
  );
});

test('an optional dependency on an absent service is dropped with a warning', () => {
  const g = buildGraph(makeProject({
    services: { web: { image: 'x', depends_on: { dbg: { required: false } } }, dbg: { image: 'x', profiles: ['debug'] } },
  }));
  assert.deepEqual(g.nodes(), ['web']);
  assert.equal(g.edgeCount(), 0);
  assert.match(g.graph().warnings[0] ?? '', /optional dependency "dbg"/);
});

test('subgraph keeps only the edges among kept nodes', () => {
  const g = buildGraph(makeProject({
    services: { a: { image: 'x', depends_on: ['b'] }, b: { image: 'x', depends_on: ['c'] }, c: { image: 'x' } },
  }));
  const s = subgraph(g, ['a', 'b']);
  assert.deepEqual(s.nodes(), ['a', 'b']);
  assert.deepEqual(s.edges().map((e) => `${e.v}->${e.w}`), ['a->b']);
});
