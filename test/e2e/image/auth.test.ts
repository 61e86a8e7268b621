import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openImageStore } from '../../../src/native/image/image-store.js';
import { storeCredentials, lookupCredentials } from '../../../src/native/registry/docker-config.js';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { buildBusyboxLayout } from '../../helpers/busybox-image.js';
import { pushImageFromLayout, type BuiltImage } from '../../helpers/oci-layout.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { missingPrerequisite } from './prerequisites.js';

const missing = missingPrerequisite();
const USER = { username: 'berth', password: 's3cret pass' };
let registry: TestRegistry;
let work: string;
let image: BuiltImage;
const savedDockerConfig = process.env.DOCKER_CONFIG;

before(async () => {
  if (missing) return;
  registry = await startRegistry({ auth: USER });
  work = await mkdtemp(join(tmpdir(), 'berth-auth-'));
  image = await buildBusyboxLayout(join(work, 'layout'));
  await pushImageFromLayout(registry.host, join(work, 'layout'), image, 'private/busybox', '1', USER);
});

after(async () => {
  if (missing) return;
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

async function withDockerConfig(t: { after: (fn: () => Promise<void>) => void }, auths: Record<string, unknown> | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dockercfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (auths) await writeFile(join(dir, 'config.json'), JSON.stringify({ auths }));
  process.env.DOCKER_CONFIG = dir;
  return dir;
}

async function tempStore(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  return openImageStore(root);
}

test('Basic auth: anonymous pulls are refused with a hint, config.json credentials work', { skip: missing }, async (t) => {
  await withDockerConfig(t, undefined);
  await assert.rejects((await tempStore(t)).pull(`${registry.host}/private/busybox:1`, { policy: 'always' }), /unauthorized.*compose login/);
  await withDockerConfig(t, { [registry.host]: { auth: Buffer.from(`${USER.username}:wrong`).toString('base64') } });
  await assert.rejects((await tempStore(t)).pull(`${registry.host}/private/busybox:1`, { policy: 'always' }), /unauthorized/);
  await withDockerConfig(t, { [`http://${registry.host}`]: { auth: Buffer.from(`${USER.username}:${USER.password}`).toString('base64') } });
  const img = await (await tempStore(t)).pull(`${registry.host}/private/busybox:1`, { policy: 'always' });
  assert.equal(img.id, image.configDigest);
});

test('login writes config.json the way docker does, keeping other keys', { skip: missing }, async (t) => {
  const dir = await withDockerConfig(t, undefined);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: {}, psFormat: 'x' }));
  await storeCredentials(registry.host, USER);
  const doc = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }>; psFormat: string };
  assert.equal(doc.psFormat, 'x');
  assert.equal(Buffer.from(doc.auths[registry.host]?.auth ?? '', 'base64').toString(), `${USER.username}:${USER.password}`);
  assert.deepEqual(await lookupCredentials(registry.host), USER);
  await storeCredentials('docker.io', USER);
  assert.ok(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).auths['https://index.docker.io/v1/']);
});

test('Bearer token flow: challenge, token from the realm with credentials and scope, then the pull', { skip: missing }, async (t) => {
  // the fake token service fronts a plain registry, as a real one would its storage
  const plain = await startRegistry();
  t.after(() => plain.stop());
  await pushImageFromLayout(plain.host, join(work, 'layout'), image, 'team/busybox', '1');
  const tokenProxy = await startFaultProxy(plain.host, { bearer: USER });
  t.after(() => tokenProxy.close());

  await withDockerConfig(t, undefined);
  await assert.rejects((await tempStore(t)).pull(`${tokenProxy.host}/team/busybox:1`, { policy: 'always' }), /token service refused anonymous access/);

  await withDockerConfig(t, { [tokenProxy.host]: { auth: Buffer.from(`${USER.username}:${USER.password}`).toString('base64') } });
  const img = await (await tempStore(t)).pull(`${tokenProxy.host}/team/busybox:1`, { policy: 'always' });
  assert.equal(img.id, image.configDigest);
  const granted = tokenProxy.tokenRequests.filter((r) => r.authorization?.startsWith('Basic '));
  assert.ok(granted.length >= 1);
  assert.ok(granted.every((r) => r.scope.includes('repository:team/busybox:pull')), JSON.stringify(granted));
  // once a token is known it is sent up front: one token request per scope, not per blob
  assert.equal(granted.length, 1);
  assert.ok(tokenProxy.requests.filter((r) => r.path.includes('/blobs/')).every((r) => r.authorization === 'Bearer berth-test-token'));
});
