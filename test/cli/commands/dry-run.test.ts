import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { testdir } from '../../helpers/testdir.js';

const COMPOSE = `services:
  db:
    image: busybox:1
  web:
    image: busybox:1
    depends_on: [db]
`;

test('up --dry-run prints the plan, in dependency order, and creates nothing', async (t) => {
  const dir = testdir({ 'compose.yaml': COMPOSE }, t);
  const root = join(dir, 'state');
  for (const args of [['-p', 'dr', 'up', '--dry-run'], ['-p', 'dr', '--dry-run', 'up']]) {
    const r = await runCli(dir, args, { BERTH_ROOT: root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'create network dr_default (not found)',
        'pull image busybox:1 for db (if missing)',
        'create container dr-db-1 (not found)',
        'start container dr-db-1 (created)',
        'pull image busybox:1 for web (if missing)',
        'create container dr-web-1 (not found)',
        'start container dr-web-1 (created)',
        '',
      ].join('\n'),
    );
  }
  const containers = join(root, 'containers');
  assert.deepEqual(existsSync(containers) ? readdirSync(containers) : [], []);
});

test('down --dry-run on a project with nothing running says so', async (t) => {
  const dir = testdir({ 'compose.yaml': COMPOSE }, t);
  const r = await runCli(dir, ['-p', 'dr', 'down', '--dry-run'], { BERTH_ROOT: join(dir, 'state') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'nothing to do for project dr\n');
});

test('COMPOSE_IGNORE_ORPHANS with --remove-orphans or COMPOSE_REMOVE_ORPHANS is refused before anything is planned', async (t) => {
  const dir = testdir({ 'compose.yaml': COMPOSE }, t);
  const env = { BERTH_ROOT: join(dir, 'state'), COMPOSE_IGNORE_ORPHANS: '1' };
  const up = await runCli(dir, ['-p', 'dr', 'up', '--dry-run'], { ...env, COMPOSE_REMOVE_ORPHANS: 'true' });
  assert.equal(up.code, 1);
  assert.match(up.stderr, /cannot combine COMPOSE_IGNORE_ORPHANS and COMPOSE_REMOVE_ORPHANS/);
  const down = await runCli(dir, ['-p', 'dr', 'down', '--dry-run', '--remove-orphans'], env);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans/);
  // alone, each is accepted
  assert.equal((await runCli(dir, ['-p', 'dr', 'up', '--dry-run'], env)).code, 0);
  assert.equal((await runCli(dir, ['-p', 'dr', 'down', '--dry-run'], { BERTH_ROOT: join(dir, 'state'), COMPOSE_REMOVE_ORPHANS: '1' })).code, 0);
});
