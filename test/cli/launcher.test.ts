/**
 * The bin's shell line (src/cli/launcher.cjs): run as a program, it keeps node from loading
 * NODE_EXTRA_CA_CERTS at start-up and puts the variable back for the CLI and its children;
 * run as `node compose.cjs`, node loads it as usual. A missing certificate file shows which
 * happened: node warns about it at start-up, the deferred path only when TLS is used.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testdir } from '../helpers/testdir.js';

const BIN = fileURLToPath(new URL('../../cli/compose.cjs', import.meta.url));
const NODE_WARNING = /Ignoring extra certs/;

function haveBin(t: TestContext): boolean {
  if (existsSync(BIN)) return true;
  const why = `${BIN} is missing: build with npm run build`;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return false;
}

function project(t: TestContext): string {
  return testdir(
    { 'compose.yaml': 'services:\n  app:\n    image: busybox\n    environment:\n      SEEN: "${NODE_EXTRA_CA_CERTS:-unset}"\n      LEAKED: "${BERTH_EXTRA_CA_CERTS:-unset}"\n' },
    t,
  );
}

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  // the PATH of this process, so that the shell line finds this very node
  return { PATH: `${process.execPath.replace(/\/node$/, '')}:${process.env.PATH ?? ''}`, HOME: '/nonexistent', ...extra };
}

test('run as a program, node does not load NODE_EXTRA_CA_CERTS and the CLI still sees the variable', (t) => {
  if (!haveBin(t)) return;
  const dir = project(t);
  const r = spawnSync(BIN, ['config', '--format', 'json'], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' }), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, NODE_WARNING);
  const environment = (JSON.parse(r.stdout) as { services: { app: { environment: Record<string, string> } } }).services.app.environment;
  assert.deepEqual(environment, { SEEN: '/nonexistent/ca.pem', LEAKED: 'unset' });
});

test('run as a program without the variable, nothing is handed over', (t) => {
  if (!haveBin(t)) return;
  const dir = project(t);
  const r = spawnSync(BIN, ['config', '--format', 'json'], { cwd: dir, env: env({}), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const environment = (JSON.parse(r.stdout) as { services: { app: { environment: Record<string, string> } } }).services.app.environment;
  assert.deepEqual(environment, { SEEN: 'unset', LEAKED: 'unset' });
});

test('run as `node compose.cjs`, node loads the variable itself', (t) => {
  if (!haveBin(t)) return;
  const dir = project(t);
  const r = spawnSync(process.execPath, [BIN, 'config', '-q'], { cwd: dir, env: env({ NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' }), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, NODE_WARNING);
});
