/**
 * Supervision that outlives the CLI and its own shim: killing the shim with SIGKILL neither
 * stops the container nor loses the lines it writes meanwhile; the next command adopts it.
 * Restart policies, healthchecks and memory limits, on this host's kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nativeTestbed, requireNative } from '../helpers/native-runtime.js';
import type { LogLine } from '../../src/runtime/runtime.js';
import type { NativeRuntime } from '../../src/native/runtime.js';

async function texts(it: AsyncIterable<LogLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l.text);
  return out;
}

function shimPid(root: string, id: string): number {
  return Number(readFileSync(join(root, 'containers', id, 'shim.pid'), 'utf8').split(' ')[0]);
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const state = async (rt: NativeRuntime, id: string) => (await rt.inspectContainer(id));

test('a SIGKILLed shim neither stops the container nor loses its later output; the next command recovers', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); sleep 0.05; done; exit 4'] }));
  await bed.runtime.startContainer(c.id);
  await sleep(200);
  const first = shimPid(bed.root, c.id);
  process.kill(first, 'SIGKILL');
  await sleep(600); // the container keeps writing while no shim reads
  assert.equal((await state(bed.runtime, c.id)).state, 'running', 'the container outlives its shim');
  await until('a new shim', () => { try { return shimPid(bed.root, c.id) !== first; } catch { return false; } });
  assert.equal(await bed.runtime.waitContainer(c.id), 4, 'the exit code is recorded after adoption');
  const out = await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false }));
  assert.deepEqual(out, Array.from({ length: 30 }, (_, i) => `line${i}`));
});

test('restart policy on-failure restarts a killed process with back-off, up to its limit', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'echo start; exec sleep 30'], restart: 'on-failure:2' }));
  await bed.runtime.startContainer(c.id);
  for (let round = 1; round <= 2; round++) {
    await sleep(300);
    await bed.runtime.killContainer(c.id, 'SIGKILL');
    await until(`restart ${round}`, async () => (await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).length === round + 1);
  }
  await sleep(300);
  await bed.runtime.killContainer(c.id, 'SIGKILL');
  assert.equal(await bed.runtime.waitContainer(c.id), 137);
  assert.equal((await state(bed.runtime, c.id)).state, 'exited');
});

test('restart always, but not after an explicit stop', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'echo run; sleep 0.2; exit 0'], restart: 'always' }));
  await bed.runtime.startContainer(c.id);
  await until('two restarts', async () => (await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).length >= 3);
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 2 });
  const n = (await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).length;
  await sleep(800);
  assert.equal((await state(bed.runtime, c.id)).state, 'exited');
  assert.equal((await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).length, n);
});

test('a healthcheck flips to healthy and then to unhealthy', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', {
    command: ['sh', '-c', 'touch /tmp/ok; sleep 1.5; rm /tmp/ok; sleep 30'],
    healthcheck: { test: ['CMD-SHELL', 'test -f /tmp/ok'], interval: 200, timeout: 1000, retries: 2, start_period: 0, start_interval: 100, disable: false },
  }));
  await bed.runtime.startContainer(c.id);
  assert.equal((await state(bed.runtime, c.id)).health, 'starting');
  await until('healthy', async () => (await state(bed.runtime, c.id)).health === 'healthy');
  await until('unhealthy', async () => (await state(bed.runtime, c.id)).health === 'unhealthy');
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 1 });
});

test('a memory limit kills the process that exceeds it', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  if (bed.cgroups.version === 'none') return t.skip('no cgroups on this host');
  const limit = 32 * 1024 * 1024;
  const small = await bed.runtime.createContainer(bed.spec('small', { command: ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=8M count=1 && echo fine'], mem_limit: limit }));
  const big = await bed.runtime.createContainer(bed.spec('big', { command: ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=100M count=1 && echo fine'], mem_limit: limit }));
  await bed.runtime.startContainer(small.id);
  await bed.runtime.startContainer(big.id);
  assert.equal(await bed.runtime.waitContainer(small.id), 0);
  assert.equal(await bed.runtime.waitContainer(big.id), 137, 'dd is OOM-killed and the shell reports it');
  assert.ok(!(await texts(bed.runtime.logs(big.id, { follow: false, timestamps: false }))).includes('fine'));
});

test('logs -f follows live output and ends when the container stops', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'for i in 1 2 3; do echo $i; sleep 0.2; done'] }));
  await bed.runtime.startContainer(c.id);
  const got = await texts(bed.runtime.logs(c.id, { follow: true, timestamps: false }));
  assert.deepEqual(got, ['1', '2', '3']);
  const tail = await texts(bed.runtime.logs(c.id, { follow: false, timestamps: false, tail: 1 }));
  assert.deepEqual(tail, ['3']);
});

test('a healthcheck that times out counts as failed and its command does not linger', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', {
    command: ['sleep', '60'],
    healthcheck: { test: ['CMD', 'sleep', '30'], interval: 100, timeout: 300, retries: 2, start_period: 0, start_interval: 100, disable: false },
  }));
  await bed.runtime.startContainer(c.id);
  await until('unhealthy', async () => (await state(bed.runtime, c.id)).health === 'unhealthy');
  await sleep(1500);
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  await bed.runtime.exec(c.id, { command: ['ps'], tty: false, interactive: false, detach: false, env: {}, stdio: { stdout: out, stderr: out } });
  const lingering = text.split('\n').filter((l) => l.includes('sleep 30')).length;
  assert.ok(lingering <= 1, `timed-out checks left ${lingering} processes:\n${text}`);
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 1 });
});
