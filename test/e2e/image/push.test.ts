import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImageStore } from '../../../src/native/image/image-store.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { pushBusybox } from '../../helpers/busybox-image.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { missingPrerequisite } from './prerequisites.js';
import type { BuiltImage } from '../../helpers/oci-layout.js';

const missing = missingPrerequisite() ?? (process.env.CI !== 'true' && !hasSkopeo() ? 'skopeo' : undefined);
let registry: TestRegistry;
let work: string;
let busybox: BuiltImage;

function hasSkopeo(): boolean {
  try {
    execFileSync('skopeo', ['--version']);
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  if (missing) return;
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'berth-push-'));
  busybox = await pushBusybox(registry.host, join(work, 'busybox'));
});

after(async () => {
  if (missing) return;
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

test('push to another repository of the same registry mounts blobs; skopeo reads the result', { skip: missing }, async (t) => {
  const proxy = await startFaultProxy(registry.host);
  t.after(() => proxy.close());
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const store = openImageStore(root);
  await store.pull(`${proxy.host}/busybox:latest`, { policy: 'always' });
  const states: string[] = [];
  const digest = await store.push(`${proxy.host}/busybox:latest`, { target: `${proxy.host}/copies/busybox:v2`, onProgress: (e) => states.push(e.state) });
  assert.equal(digest, busybox.manifest.digest);
  assert.deepEqual(states.sort(), ['mounted', 'mounted']);
  assert.ok(proxy.requests.some((r) => r.method === 'POST' && r.path === '/v2/copies/busybox/blobs/uploads/'));
  const inspect = JSON.parse(execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/copies/busybox:v2`]).toString()) as { Digest: string; Layers: string[] };
  assert.equal(inspect.Digest, busybox.manifest.digest);
  assert.deepEqual(inspect.Layers, busybox.layerDigests);
});

test('push to another registry uploads every blob, then repeats as no-ops', { skip: missing }, async (t) => {
  const other = await startRegistry();
  t.after(() => other.stop());
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const store = openImageStore(root);
  await store.pull(`${registry.host}/busybox:latest`, { policy: 'always' });
  await store.tag(`${registry.host}/busybox:latest`, `${other.host}/mirror/busybox:1`);
  const first: string[] = [];
  await store.push(`${other.host}/mirror/busybox:1`, { onProgress: (e) => first.push(e.state) });
  assert.deepEqual(first, ['uploaded', 'uploaded']);
  const second: string[] = [];
  await store.push(`${other.host}/mirror/busybox:1`, { onProgress: (e) => second.push(e.state) });
  assert.deepEqual(second, ['exists', 'exists']);
  // round trip: a fresh store pulls what we pushed
  const fresh = openImageStore(await mkdtemp(join(tmpdir(), 'berth-store-')));
  t.after(() => rm(fresh.root, { recursive: true, force: true }));
  assert.equal((await fresh.pull(`${other.host}/mirror/busybox:1`, { policy: 'always' })).id, busybox.configDigest);
});
