/**
 * Pulling on the docker backend from a registry of our own on 127.0.0.1 (the Engine
 * trusts loopback registries without TLS): `pull`, `up --pull always`, pull_policy never.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeProject, type Backend } from './harness.js';
import { ensureTestImage, TEST_IMAGE } from './test-image.js';

const run = promisify(execFile);
const REGISTRY = '/usr/bin/docker-registry';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function missing(): Promise<string | undefined> {
  try {
    await run('docker', ['version']);
  } catch {
    return 'dockerd is not running';
  }
  return existsSync(REGISTRY) ? undefined : `${REGISTRY} is missing: install docker-registry`;
}

test('docker: pull from a local registry, up --pull always, pull_policy never', { timeout: 120_000 }, async (t) => {
  const why = await missing();
  if (why && process.env.CI === 'true') assert.fail(why);
  if (why) return t.skip(why);
  await ensureTestImage();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bt-registry-'));
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const registry = spawn(REGISTRY, ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const image = `127.0.0.1:${port}/bt-pull/busybox:1`;
  t.after(async () => {
    registry.kill('SIGTERM');
    await run('docker', ['rmi', '-f', image]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  await run('docker', ['tag', TEST_IMAGE, image]);
  for (let i = 0; ; i++) {
    try {
      await run('docker', ['push', image]);
      break;
    } catch (err) {
      if (i > 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await run('docker', ['rmi', image]);

  const backend: Backend = { name: 'docker', cliArgs: ['--backend', 'docker'], prepare: async () => undefined };
  const p = makeProject(t, backend, 'pull', `
services:
  app:
    image: ${image}
    command: ["sleep", "60"]
    stop_signal: SIGKILL
  never:
    image: 127.0.0.1:${port}/bt-pull/absent:1
    pull_policy: never
    profiles: [never]
`);
  const pulled = await p.compose(['--progress', 'plain', 'pull', 'app']);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.match(pulled.stderr, new RegExp(`Image ${image.replace(/[.]/g, '\\.')}  Pulled`));
  await run('docker', ['image', 'inspect', image]);

  await run('docker', ['rmi', image]);
  const up = await p.compose(['--progress', 'plain', 'up', '-d', '--pull', 'always']);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stderr, /Pulled/);

  const never = await p.compose(['--profile', 'never', 'up', '-d', 'never']);
  assert.equal(never.code, 1);
  // the planner pulls nothing under pull_policy never, so the Engine reports the missing image
  assert.match(never.stderr, /create container .*never-1: No such image: 127\.0\.0\.1:\d+\/bt-pull\/absent:1/);
});
