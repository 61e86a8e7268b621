/**
 * The per-project lock on the native backend, through the CLI: concurrent commands on one
 * project take turns, a lock left by a killed command does not block, an attached `up`
 * does not hold it while it follows logs, and a waiting command says whom it waits for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, makeProject, psJson, type TestProject } from './harness.js';
import { nativeBackend } from './native-backend.js';
import { TEST_IMAGE } from './test-image.js';
import { nativeMissing } from '../helpers/native-runtime.js';
import { lockProject } from '../../src/native/state/project-lock.js';

const YAML = `
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    stop_signal: SIGKILL
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    stop_signal: SIGKILL
    depends_on: [db]
    deploy:
      replicas: 4
`;

/** a CLI run whose stderr can be watched while it runs */
function start(p: TestProject, args: readonly string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, [CLI, '--backend', 'native', '-p', p.name, ...args], {
    cwd: p.dir,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, stderr: () => err, exited };
}

async function until(what: string, fn: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const missing = nativeMissing();
if (missing && process.env.CI === 'true') {
  test('native project lock prerequisites', () => assert.fail(`the native project lock scenarios need ${missing}`));
} else if (missing) {
  test('native project lock scenarios', (t) => t.skip(`needs ${missing}`));
} else {
  const backend = nativeBackend('lock');
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= backend.prepare());
  const locks = () => join(process.env.BERTH_ROOT as string, 'locks');
  const opts = { timeout: 120_000 };

  test('native: concurrent ups of one project end with exactly its containers', opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'lock2', YAML);
    // three at once: without the lock each plans from the same empty project and they collide
    const results = await Promise.all([1, 2, 3].map(() => p.compose(['up', '-d'])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const names = (await psJson(p)).map((c) => `${c.Name} ${c.State}`).sort();
    assert.deepEqual(names, ['db-1', 'web-1', 'web-2', 'web-3', 'web-4'].map((n) => `${p.name}-${n} running`));
    assert.ok(!existsSync(join(locks(), p.name)), 'the lock is released');
  });

  test('native: a lock left by a killed command does not block the next one', opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'lockdead', YAML);
    // a command that took the project's lock and was SIGKILLed holding it
    const module = new URL('../../src/native/state/project-lock.js', import.meta.url).href;
    const holder = spawn(process.execPath, ['--input-type=module', '-e',
      `import { lockProject } from ${JSON.stringify(module)}; await lockProject(${JSON.stringify(locks())}, ${JSON.stringify(p.name)}); console.log('locked'); setInterval(() => {}, 1000);`,
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    t.after(() => void (holder.exitCode === null && holder.kill('SIGKILL')));
    await new Promise((resolve) => holder.stdout?.once('data', resolve));
    await new Promise((resolve) => {
      holder.once('exit', resolve);
      holder.kill('SIGKILL');
    });
    assert.ok(existsSync(join(locks(), p.name)), 'the killed command left its lock file');
    const up = await p.compose(['up', '-d'], { timeoutMs: 30_000 });
    assert.equal(up.code, 0, up.stderr);
    assert.doesNotMatch(up.stderr, /waiting for another compose command/);
    assert.equal((await psJson(p)).length, 5);
  });

  test('native: an attached up releases the lock once the stack is up, so stop works from another shell', opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'lockatt', YAML);
    const up = start(p, ['up']);
    t.after(() => void (up.child.exitCode === null && up.child.kill('SIGKILL')));
    await until('up to attach', () => up.stderr().includes('Attaching to'));
    assert.ok(!existsSync(join(locks(), p.name)), 'no lock held while following logs');
    const stop = await p.compose(['stop', '-t', '1'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, stop.stderr);
    assert.doesNotMatch(stop.stderr, /waiting for another compose command/);
    // with every container stopped the attached up has nothing left to follow
    await up.exited;
    assert.ok((await psJson(p)).every((c) => c.State === 'exited'));
  });

  test('native: a command waiting for the lock says for which project and pid, then proceeds', opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'lockwait', YAML);
    const held = await lockProject(locks(), p.name);
    t.after(() => held.release());
    const up = start(p, ['up', '-d']);
    const notice = `waiting for another compose command on project ${p.name} (pid ${process.pid})`;
    await until('the waiting notice', () => up.stderr().includes(notice));
    assert.equal((await psJson(p)).length, 0, 'nothing done while waiting');
    held.release();
    assert.equal(await up.exited, 0, up.stderr());
    assert.equal((await psJson(p)).length, 5);
  });
}
