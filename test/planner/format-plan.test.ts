import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOperation, formatPlan } from '../../src/planner/format-plan.js';
import { buildGraph } from '../../src/planner/graph.js';
import type { Operation, Plan } from '../../src/planner/plan.js';
import { makeProject } from '../helpers/model.js';

test('every operation kind has its line', () => {
  const ref = { service: 'web', number: 2, name: 'p-web-2' };
  const cases: [Operation, string][] = [
    [{ kind: 'create-network', key: 'default', name: 'p_default', cause: 'not found' }, 'create network p_default (not found)'],
    [{ kind: 'create-volume', key: 'data', name: 'p_data', cause: 'not found' }, 'create volume p_data (not found)'],
    [{ kind: 'remove-network', name: 'p_default', cause: 'down' }, 'remove network p_default (down)'],
    [{ kind: 'remove-volume', name: 'p_data', cause: '--volumes' }, 'remove volume p_data (--volumes)'],
    [{ kind: 'remove-image', image: 'p-web', cause: '--rmi local' }, 'remove image p-web (--rmi local)'],
    [{ kind: 'pull-image', service: 'web', image: 'nginx', policy: 'always', cause: '--pull always' }, 'pull image nginx for web (--pull always)'],
    [{ kind: 'build-image', service: 'web', image: 'p-web', policy: 'always', cause: '--build' }, 'build image p-web for web (--build)'],
    [{ kind: 'create-container', ...ref, configHash: 'h', cause: 'scale up' }, 'create container p-web-2 (scale up)'],
    [{ kind: 'recreate-container', ...ref, id: 'i', configHash: 'h', cause: 'force recreate' }, 'recreate container p-web-2 (force recreate)'],
    [{ kind: 'start-container', ...ref, cause: 'created' }, 'start container p-web-2 (created)'],
    [{ kind: 'restart-container', ...ref, id: 'i', cause: 'dependency recreated' }, 'restart container p-web-2 (dependency recreated)'],
    [{ kind: 'leave-container', ...ref, id: 'i', cause: 'up to date' }, 'leave container p-web-2 (up to date)'],
    [{ kind: 'remove-container', ...ref, id: 'i', volumes: true, cause: 'down' }, 'remove container p-web-2 (down)'],
  ];
  for (const [op, line] of cases) assert.equal(formatOperation(op), line);
});

test('warnings follow the operations; an empty plan says so', () => {
  const graph = buildGraph(makeProject({ name: 'p', services: {} }));
  const empty: Plan = { project: 'p', action: 'up', before: [], services: [], after: [], graph, warnings: [] };
  assert.equal(formatPlan(empty), 'nothing to do for project p\n');
  const warned: Plan = { ...empty, before: [{ kind: 'create-network', key: 'default', name: 'p_default', cause: 'not found' }], warnings: ['careful'] };
  assert.equal(formatPlan(warned), 'create network p_default (not found)\nwarning: careful\n');
});
