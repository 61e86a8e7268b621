import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openImageStore } from '../../../src/native/image/image-store.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { pushBusybox } from '../../helpers/busybox-image.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { missingPrerequisite } from './prerequisites.js';
import type { BuiltImage } from '../../helpers/oci-layout.js';

const missing = missingPrerequisite();
let registry: TestRegistry;
let work: string;
let busybox: BuiltImage;

before(async () => {
  if (missing) return;
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'berth-killed-'));
  busybox = await pushBusybox(registry.host, join(work, 'busybox'));
});

after(async () => {
  if (missing) return;
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

test('a pull killed mid-layer leaves nothing a later pull trusts, and the next pull completes', { skip: missing }, async (t) => {
  const proxy = await startFaultProxy(registry.host, { blobFault: () => 'slow', slowRate: 4096 });
  t.after(() => proxy.close());
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const storeModule = new URL('../../../src/native/image/image-store.js', import.meta.url).href;
  const script = `const { openImageStore } = await import(${JSON.stringify(storeModule)});
    await openImageStore(${JSON.stringify(root)}).pull(${JSON.stringify(`${proxy.host}/busybox:latest`)}, { policy: 'always' });
    console.log('finished');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const layer = busybox.layerDigests[0] as string;
  for (let i = 0; i < 200 && !proxy.requests.some((r) => r.path.endsWith(layer)); i++) await sleep(25);
  assert.ok(proxy.requests.some((r) => r.path.endsWith(layer)), `the layer download started (${output})`);
  await sleep(300);
  child.kill('SIGKILL');
  await exited;
  assert.doesNotMatch(output, /finished/);

  // the killed run's work files are there, but nothing refers to them
  assert.ok((await readdir(join(root, 'images', 'tmp'))).length > 0, 'work in progress was left behind');
  assert.deepEqual(await readdir(join(root, 'images', 'layers', 'sha256')), []);
  const index = await readFile(join(root, 'images', 'index.json'), 'utf8').catch(() => '{"references":{}}');
  assert.deepEqual(JSON.parse(index).references, {});

  const store = openImageStore(root);
  assert.equal(await store.resolve(`${proxy.host}/busybox:latest`), undefined);
  const img = await store.pull(`${registry.host}/busybox:latest`, { policy: 'always' });
  assert.equal(img.id, busybox.configDigest);
  assert.deepEqual(await readdir(join(root, 'images', 'tmp')), [], 'the dead pull\'s leftovers were swept');
});

test('two processes pulling the same image into one store both succeed', { skip: missing }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const storeModule = new URL('../../../src/native/image/image-store.js', import.meta.url).href;
  const script = `const { openImageStore } = await import(${JSON.stringify(storeModule)});
    const img = await openImageStore(${JSON.stringify(root)}).pull(${JSON.stringify(`${registry.host}/busybox:latest`)}, { policy: 'always' });
    console.log(img.id);`;
  const runOne = () =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });
  const results = await Promise.all([runOne(), runOne()]);
  for (const r of results) {
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.trim(), busybox.configDigest);
  }
  const store = openImageStore(root);
  assert.deepEqual((await store.list()).map((i) => i.reference), [`${registry.host}/busybox:latest`]);
  assert.deepEqual(await readdir(join(root, 'images', 'layers', 'sha256')), [busybox.diffIds[0]?.slice(7)]);
  assert.deepEqual(await readdir(join(root, 'images', 'tmp')), []);
});
