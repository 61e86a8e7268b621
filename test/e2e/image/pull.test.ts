import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { openImageStore } from '../../../src/native/image/image-store.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { pushBusybox } from '../../helpers/busybox-image.js';
import { addImage, pushImageFromLayout, pushIndex } from '../../helpers/oci-layout.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { missingPrerequisite } from './prerequisites.js';
import type { BuiltImage } from '../../helpers/oci-layout.js';

const missing = missingPrerequisite();
let registry: TestRegistry;
let work: string;
let busybox: BuiltImage;
let layered: BuiltImage;

async function tempStore(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  return openImageStore(root);
}

before(async () => {
  if (missing) return;
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'berth-layouts-'));
  busybox = await pushBusybox(registry.host, join(work, 'busybox'));
  // three layers: a base, one with a hard link and an opaque dir, one whiting out a file
  layered = await addImage(join(work, 'layered'), {
    layers: [
      [{ name: 'etc/', type: 'directory' }, { name: 'etc/a', data: 'a' }, { name: 'etc/b', data: 'b' }, { name: 'cache/', type: 'directory' }, { name: 'cache/old', data: 'o' }],
      [{ name: 'bin/', type: 'directory' }, { name: 'bin/tool', data: 'tool', mode: 0o4755 }, { name: 'bin/tool2', type: 'hardlink', linkname: 'bin/tool' }, { name: 'cache/', type: 'directory' }, { name: 'cache/.wh..wh..opq', data: '' }, { name: 'cache/new', data: 'n' }],
      [{ name: 'etc/', type: 'directory' }, { name: 'etc/.wh.a', data: '' }],
    ],
    config: { Env: ['A=1'], Entrypoint: ['/bin/tool'], Cmd: ['x'], WorkingDir: '/w', User: 'nobody', ExposedPorts: { '80/tcp': {} }, Volumes: { '/data': {} }, StopSignal: 'SIGINT', Labels: { l: 'v' }, Healthcheck: { Test: ['CMD', 'true'], Interval: 1_000_000_000 } },
  });
  await pushImageFromLayout(registry.host, join(work, 'layered'), layered, 'layered', 'v1');
});

after(async () => {
  if (missing) return;
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

test('pull by tag stores the image with its config and unpacked layers', { skip: missing }, async (t) => {
  const store = await tempStore(t);
  const img = await store.pull(`${registry.host}/busybox:latest`, { policy: 'always' });
  assert.equal(img.id, busybox.configDigest);
  assert.equal(img.manifestDigest, busybox.manifest.digest);
  assert.equal(img.reference, `${registry.host}/busybox:latest`);
  assert.deepEqual(img.config.Cmd, ['sh']);
  assert.equal(img.layerDirs.length, 1);
  const root = img.layerDirs[0] as string;
  assert.equal(await readlink(join(root, 'bin/sh')), 'busybox');
  assert.equal((await stat(join(root, 'tmp'))).mode & 0o7777, 0o1777);
  const out = execFileSync(join(root, 'bin/busybox'), ['echo', 'works']).toString();
  assert.equal(out, 'works\n');
  assert.deepEqual((await store.resolve(`${registry.host}/busybox`))?.id, img.id);
  assert.deepEqual((await store.list()).map((i) => i.reference), [`${registry.host}/busybox:latest`]);
  assert.deepEqual(await readdir(join(store.root, 'images', 'tmp')), []);
});

test('pull by digest, and policies "missing" and "never"', { skip: missing }, async (t) => {
  const store = await tempStore(t);
  const byDigest = await store.pull(`${registry.host}/busybox@${busybox.manifest.digest}`, { policy: 'missing' });
  assert.equal(byDigest.id, busybox.configDigest);
  await assert.rejects(store.pull(`${registry.host}/busybox:latest`, { policy: 'never' }), /not in the store and the pull policy is "never"/);
  const events: string[] = [];
  await store.pull(`${registry.host}/busybox:latest`, { policy: 'missing', onProgress: (e) => events.push(e.kind === 'layer' ? e.state : e.kind) });
  assert.ok(events.includes('exists'), `layer reused: ${events.join(',')}`);
  const again: string[] = [];
  await store.pull(`${registry.host}/busybox:latest`, { policy: 'missing', onProgress: (e) => again.push(e.kind) });
  assert.deepEqual(again, [], 'already present: no registry round trip');
});

test('a multi-layer image keeps whiteouts, opaque dirs, hard links, setuid and its runtime config', { skip: missing }, async (t) => {
  const store = await tempStore(t);
  const img = await store.pull(`${registry.host}/layered:v1`, { policy: 'always' });
  assert.equal(img.layerDirs.length, 3);
  const [l0, l1, l2] = img.layerDirs as [string, string, string];
  assert.equal(await readFile(join(l0, 'etc/a'), 'utf8'), 'a');
  const tool = await stat(join(l1, 'bin/tool'));
  assert.equal(tool.mode & 0o7777, 0o4755);
  assert.equal(tool.nlink, 2);
  assert.equal((await stat(join(l1, 'bin/tool2'))).ino, tool.ino);
  assert.equal(execFileSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(l1, 'cache')]).toString(), 'y');
  const wh = await lstat(join(l2, 'etc/a'));
  assert.ok(wh.isCharacterDevice() && wh.rdev === 0);
  assert.deepEqual(img.config, {
    Env: ['A=1'], Entrypoint: ['/bin/tool'], Cmd: ['x'], WorkingDir: '/w', User: 'nobody', ExposedPorts: ['80/tcp'], Volumes: ['/data'],
    Healthcheck: { Test: ['CMD', 'true'], Interval: 1_000_000_000 }, StopSignal: 'SIGINT', Labels: { l: 'v' },
  });
});

test('a manifest list resolves to this platform, or the one asked for', { skip: missing }, async (t) => {
  const dir = join(work, 'multi');
  const amd = await addImage(dir, { layers: [[{ name: 'platform', data: 'amd64' }]], platform: { os: 'linux', architecture: 'amd64' } });
  const arm = await addImage(dir, { layers: [[{ name: 'platform', data: 'arm64' }]], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
  const indexDigest = await pushIndex(registry.host, dir, [amd, arm], 'multi', '1');
  const store = await tempStore(t);
  const a = await store.pull(`${registry.host}/multi:1`, { policy: 'always', platform: { os: 'linux', architecture: 'amd64' } });
  assert.equal(await readFile(join(a.layerDirs[0] as string, 'platform'), 'utf8'), 'amd64');
  assert.equal(a.repoDigest, indexDigest);
  const b = await store.pull(`${registry.host}/multi:1`, { policy: 'always', platform: { os: 'linux', architecture: 'arm64' } });
  assert.equal(await readFile(join(b.layerDirs[0] as string, 'platform'), 'utf8'), 'arm64');
  assert.deepEqual(b.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
  await assert.rejects(store.pull(`${registry.host}/multi:1`, { policy: 'always', platform: { os: 'linux', architecture: 's390x' } }), /no image for platform linux\/s390x \(available: linux\/amd64, linux\/arm64\/v8\)/);
  assert.ok(await store.resolve(`${registry.host}/multi@${indexDigest}`), 'found by its list digest');
});

test('a missing image or tag is a clear error', { skip: missing }, async (t) => {
  const store = await tempStore(t);
  await assert.rejects(store.pull(`${registry.host}/nothing:here`, { policy: 'always' }), new RegExp(`manifest ${registry.host}/nothing:here: not found`));
  await assert.rejects(store.pull(`${registry.host}/busybox:nope`, { policy: 'always' }), /busybox:nope: not found \(manifest unknown/);
});

test('a wrong digest is rejected and nothing is kept', { skip: missing }, async (t) => {
  const proxy = await startFaultProxy(registry.host, { blobFault: () => 'corrupt' });
  t.after(() => proxy.close());
  const store = await tempStore(t);
  await assert.rejects(store.pull(`${proxy.host}/layered:v1`, { policy: 'always' }), /digest mismatch: expected sha256:[0-9a-f]{64}, received content hashes to sha256:/);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(await readdir(join(store.root, 'images', 'layers', 'sha256')), []);
  assert.deepEqual(await readdir(join(store.root, 'images', 'tmp')), []);
  const otherDigest = `sha256:${'0'.repeat(64)}`;
  await assert.rejects(store.pull(`${registry.host}/busybox@${otherDigest}`, { policy: 'always' }), /not found/);
});

test('a config that does not match its digest, or is longer than announced, is refused', { skip: missing }, async (t) => {
  const config = layered.configDigest;
  for (const [fault, expected] of [
    ['corrupt', new RegExp(`config ${config}: digest mismatch: expected ${config}, received content hashes to sha256:`)],
    ['extend', new RegExp(`config ${config}: the registry sent more than the \\d+ bytes announced`)],
  ] as const) {
    const proxy = await startFaultProxy(registry.host, { blobFault: (path) => (path.endsWith(config) ? fault : 'pass') });
    t.after(() => proxy.close());
    const store = await tempStore(t);
    await assert.rejects(store.pull(`${proxy.host}/layered:v1`, { policy: 'always' }), expected);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await readdir(join(store.root, 'images', 'blobs', 'sha256')), [], fault);
    assert.deepEqual(await readdir(join(store.root, 'images', 'tmp')), [], fault);
  }
});

test('a registry that drops the connection mid-blob is resumed with a Range request', { skip: missing }, async (t) => {
  const proxy = await startFaultProxy(registry.host, { blobFault: (_p, n) => (n === 1 ? 'drop-half' : 'pass') });
  t.after(() => proxy.close());
  const store = await tempStore(t);
  const img = await store.pull(`${proxy.host}/busybox:latest`, { policy: 'always' });
  assert.equal(img.id, busybox.configDigest);
  const layerGets = proxy.requests.filter((r) => r.path.endsWith(busybox.layerDigests[0] as string));
  assert.equal(layerGets.length, 2);
  assert.match(layerGets[1]?.range ?? '', /^bytes=\d+-$/);
  assert.equal(execFileSync(join(img.layerDirs[0] as string, 'bin/busybox'), ['echo', 'ok']).toString(), 'ok\n');
});

test('two concurrent pulls into one store both succeed and leave it consistent', { skip: missing }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const a = openImageStore(root);
  const b = openImageStore(root);
  const [x, y, z] = await Promise.all([
    a.pull(`${registry.host}/layered:v1`, { policy: 'always' }),
    b.pull(`${registry.host}/layered:v1`, { policy: 'always' }),
    b.pull(`${registry.host}/busybox:latest`, { policy: 'always' }),
  ]);
  assert.equal(x.id, y.id);
  assert.equal(z.id, busybox.configDigest);
  assert.deepEqual((await a.list()).map((i) => i.reference).sort(), [`${registry.host}/busybox:latest`, `${registry.host}/layered:v1`]);
  assert.equal((await readdir(join(root, 'images', 'layers', 'sha256'))).length, 4);
  assert.deepEqual(await readdir(join(root, 'images', 'tmp')), []);
  for (const dir of x.layerDirs) assert.ok((await stat(dir)).isDirectory());
});

test('transient 5xx answers are retried with backoff; a registry that keeps failing is reported', { skip: missing }, async (t) => {
  const flaky = await startFaultProxy(registry.host, { statusFault: (method, path, n) => (method === 'GET' && n === 1 && path !== '/v2/' ? (path.includes('/manifests/') ? 503 : 500) : undefined) });
  t.after(() => flaky.close());
  const store = await tempStore(t);
  const img = await store.pull(`${flaky.host}/busybox:latest`, { policy: 'always' });
  assert.equal(img.id, busybox.configDigest);
  assert.equal(flaky.requests.filter((r) => r.path.endsWith('/manifests/latest')).length, 2);

  const down = await startFaultProxy(registry.host, { statusFault: () => 503 });
  t.after(() => down.close());
  await assert.rejects((await tempStore(t)).pull(`${down.host}/busybox:latest`, { policy: 'always' }), /manifest 127\.0\.0\.1:\d+\/busybox:latest: registry answered 503/);
  assert.equal(down.requests.length, 5, 'five attempts');
});
