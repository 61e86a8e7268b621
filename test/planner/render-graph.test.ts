import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../../src/planner/graph.js';
import { renderDot, renderMermaid, renderProjectGraph, renderTree } from '../../src/planner/render-graph.js';
import { makeProject } from '../helpers/model.js';

const project = makeProject({
  services: {
    web: { image: 'x', depends_on: { api: { condition: 'service_healthy' }, cache: { required: false, restart: true } } },
    api: { image: 'x', links: ['db:database'], volumes_from: ['files'] },
    cache: { image: 'x', depends_on: ['db'] },
    db: { image: 'x' },
    files: { image: 'x' },
    'log-shipper': { image: 'x', network_mode: 'service:web' },
    end: { image: 'x' },
  },
});
const graph = buildGraph(project);

test('golden: the tree starts at services nothing depends on and labels each edge', () => {
  assert.equal(renderTree(graph), [
    'end',
    'log-shipper',
    '└── web (network_mode)',
    '    ├── api (depends_on: service_healthy)',
    '    │   ├── db (link as database)',
    '    │   └── files (volumes_from)',
    '    └── cache (depends_on: service_started (optional, restart))',
    '        └── db (depends_on: service_started)',
    '',
  ].join('\n'));
});

test('a subtree shown once is not repeated', () => {
  const p = makeProject({ services: { a: { image: 'x', depends_on: ['b', 'c'] }, b: { image: 'x', depends_on: ['d'] }, c: { image: 'x', depends_on: ['b'] }, d: { image: 'x' } } });
  assert.equal(renderTree(buildGraph(p)), [
    'a',
    '├── b (depends_on: service_started)',
    '│   └── d (depends_on: service_started)',
    '└── c (depends_on: service_started)',
    '    └── b (depends_on: service_started) [see above]',
    '',
  ].join('\n'));
});

test('golden: dot output quotes names and labels edges', () => {
  const small = buildGraph(makeProject({ name: 'my"app', services: { web: { image: 'x', links: ['db:database'] }, db: { image: 'x' } } }));
  assert.equal(renderDot(small), [
    'digraph "my\\"app" {',
    '  rankdir=LR;',
    '  node [shape=box];',
    '  "db";',
    '  "web";',
    '  "web" -> "db" [label="link as database"];',
    '}',
    '',
  ].join('\n'));
});

test('golden: mermaid output uses safe ids, keeps names as labels and avoids the end keyword', () => {
  const out = renderMermaid(buildGraph(makeProject({ services: { 'log-shipper': { image: 'x', depends_on: { end: { condition: 'service_completed_successfully' } } }, end: { image: 'x' } } })));
  assert.equal(out, [
    'flowchart TD',
    '  svc_end["end"]',
    '  svc_log_shipper["log-shipper"]',
    '  svc_log_shipper -->|"depends_on: service_completed_successfully"| svc_end',
    '',
  ].join('\n'));
});

test('mermaid ids stay unique when names differ only in punctuation', () => {
  const out = renderMermaid(buildGraph(makeProject({ services: { 'a-b': { image: 'x' }, 'a.b': { image: 'x' } } })));
  assert.match(out, /svc_a_b\["a-b"\]/);
  assert.match(out, /svc_a_b_2\["a\.b"\]/);
});

test('renderProjectGraph limits the picture to the named services and their dependencies', () => {
  assert.equal(renderProjectGraph(project, ['cache'], 'tree'), 'cache\n└── db (depends_on: service_started)\n');
});
