import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../../src/planner/graph.js';
import { enableNamedServices, selectServices } from '../../src/planner/select.js';
import { ComposeFileError, UsageError } from '../../src/errors.js';
import { makeProject } from '../helpers/model.js';

const project = makeProject({
  services: {
    web: { image: 'x', depends_on: ['api'] },
    api: { image: 'x', depends_on: ['db'], links: ['cache'] },
    db: { image: 'x' },
    cache: { image: 'x' },
    worker: { image: 'x', depends_on: ['db'] },
    debug: { image: 'x', profiles: ['tools'], depends_on: ['db'] },
    broken: { image: 'x', profiles: ['tools'], depends_on: ['needs'] },
    needs: { image: 'x', profiles: ['other'] },
  },
});

test('no names selects every enabled service', () => {
  assert.deepEqual(selectServices(buildGraph(project)), ['api', 'cache', 'db', 'web', 'worker']);
});

test('a named service brings everything it depends on, transitively', () => {
  assert.deepEqual(selectServices(buildGraph(project), { services: ['web'] }), ['api', 'cache', 'db', 'web']);
  assert.deepEqual(selectServices(buildGraph(project), { services: ['worker', 'cache'] }), ['cache', 'db', 'worker']);
});

test('--no-deps selects only the named services', () => {
  assert.deepEqual(selectServices(buildGraph(project), { services: ['web'], noDeps: true }), ['web']);
  assert.deepEqual(selectServices(buildGraph(project), { services: ['web', 'db', 'web'], noDeps: true }), ['db', 'web']);
});

test('services with inactive profiles stay out unless named', () => {
  assert.ok(!buildGraph(project).hasNode('debug'));
  const enabled = enableNamedServices(project, ['debug']);
  assert.deepEqual(Object.keys(enabled.disabled_services).sort(), ['broken', 'needs']);
  assert.deepEqual(selectServices(buildGraph(enabled), { services: ['debug'] }), ['db', 'debug']);
});

test('an active profile enables its services', () => {
  const withTools = makeProject({ profiles: ['tools'], services: { a: { image: 'x' }, t: { image: 'x', profiles: ['tools'] }, o: { image: 'x', profiles: ['other'] } } });
  assert.deepEqual(selectServices(buildGraph(withTools)), ['a', 't']);
});

test('naming a service does not enable the profiles of its dependencies', () => {
  assert.throws(() => buildGraph(enableNamedServices(project, ['broken'])), (e: unknown) => e instanceof ComposeFileError && /"needs", which is disabled/.test(e.message));
});

test('unknown names are usage errors', () => {
  assert.throws(() => enableNamedServices(project, ['nope']), (e: unknown) => e instanceof UsageError && /no such service: "nope"/.test(e.message));
  assert.throws(() => selectServices(buildGraph(project), { services: ['nope'] }), UsageError);
});
