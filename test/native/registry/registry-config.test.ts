import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistryConfig, schemeFor } from '../../../src/native/registry/registry-config.js';

test('HTTPS by default, plain HTTP for loopback and for registries listed as insecure', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-regcfg-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'registries.json'), JSON.stringify({ 'insecure-registries': ['myhost:5000', 'plainhost'] }));
  const cfg = loadRegistryConfig({ BERTH_REGISTRIES_CONFIG: join(dir, 'registries.json'), BERTH_INSECURE_REGISTRIES: 'extra:1' });
  assert.equal(schemeFor('registry-1.docker.io', cfg), 'https');
  assert.equal(schemeFor('127.0.0.1:5000', cfg), 'http');
  assert.equal(schemeFor('localhost:5000', cfg), 'http');
  assert.equal(schemeFor('[::1]:5000', cfg), 'http');
  assert.equal(schemeFor('myhost:5000', cfg), 'http');
  assert.equal(schemeFor('myhost:6000', cfg), 'https');
  assert.equal(schemeFor('plainhost:443', cfg), 'http');
  assert.equal(schemeFor('extra:1', cfg), 'http');
  assert.deepEqual(loadRegistryConfig({ BERTH_REGISTRIES_CONFIG: join(dir, 'missing.json') }).insecure, []);
  await writeFile(join(dir, 'bad.json'), '{');
  assert.throws(() => loadRegistryConfig({ BERTH_REGISTRIES_CONFIG: join(dir, 'bad.json') }), /bad\.json/);
});
