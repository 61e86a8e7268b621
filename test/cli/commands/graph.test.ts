import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const main = new URL('../../../src/cli/main.js', import.meta.url).pathname;

function compose(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('compose graph reads the compose file and prints the tree, dot and mermaid forms', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-graph-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'compose.yaml'), [
    'name: shop',
    'services:',
    '  web:',
    '    image: nginx',
    '    depends_on:',
    '      db: { condition: service_healthy }',
    '    links: ["cache:redis"]',
    '  db: { image: postgres }',
    '  cache: { image: redis }',
    '',
  ].join('\n'));
  const tree = compose(dir, 'graph');
  assert.equal(tree.status, 0, tree.stderr);
  assert.equal(tree.stdout, 'web\n├── cache (link as redis)\n└── db (depends_on: service_healthy)\n');
  const dot = compose(dir, 'graph', '--format', 'dot', 'db');
  assert.equal(dot.stdout, 'digraph "shop" {\n  rankdir=LR;\n  node [shape=box];\n  "db";\n}\n');
  const mermaid = compose(dir, 'graph', '--format', 'mermaid');
  assert.match(mermaid.stdout, /svc_web -->\|"link as redis"\| svc_cache/);
  const bad = compose(dir, 'graph', 'nope');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /nope/);
});
