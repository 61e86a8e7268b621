import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupCredentials, storeCredentials, dockerConfigPath } from '../../../src/native/registry/docker-config.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('credentials are found under the keys docker login writes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dockercfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') }, 'https://ghcr.io': { auth: b64('gh:to:ken') }, 'r.example:5000': { username: 'u', password: 'p' } } }));
  assert.deepEqual(await lookupCredentials('docker.io', file), { username: 'hub', password: 'pw' });
  assert.deepEqual(await lookupCredentials('ghcr.io', file), { username: 'gh', password: 'to:ken' });
  assert.deepEqual(await lookupCredentials('r.example:5000', file), { username: 'u', password: 'p' });
  assert.equal(await lookupCredentials('other.example', file), undefined);
  assert.equal(await lookupCredentials('docker.io', join(dir, 'none.json')), undefined);
  assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/x' }), '/x/config.json');
});

test('storing credentials keeps the file private and its other settings', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dockercfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'sub', 'config.json');
  await storeCredentials('127.0.0.1:5000', { username: 'a', password: 'b' }, file);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const doc = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(doc.auths['127.0.0.1:5000'].auth, b64('a:b'));
  await storeCredentials('127.0.0.1:5000', undefined, file);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).auths, {});
});
