/**
 * Native networking, external networks: one made with `compose network create` is joined by
 * two projects, whose services then resolve each other on it; a missing one fails clearly.
 * Needs root; uses pool 10.213.182.0/23.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureNetwork, readState } from '../../src/native/network/index.js';
import { networkCreate, networkList, networkRemove } from '../../src/native/network/verbs.js';
import { lookup, netRoot, prerequisites, project, standIn } from './native-network-helpers.js';

test('an external network made by `network create` is shared by two projects; a missing one is an error', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, '10.213.182.0/23:24');
  const env = { ...process.env, BERTH_ROOT: ctx.root, BERTH_ADDRESS_POOLS: '10.213.182.0/23:24' };
  assert.equal(await networkCreate('btextshared', { label: ['team=a'] }, env), 'btextshared');
  assert.match(networkList(env), /btextshared\s+bridge\s+10\.213\.182\.0\/24/);
  const a = project('btexta', { shared: { external: true, name: 'btextshared' } });
  const b = project('btextb', { shared: { external: true, name: 'btextshared' } });
  const api = await standIn(t, ctx, a, { id: 'extapi', service: 'api', keys: ['shared'] });
  const client = await standIn(t, ctx, b, { id: 'extclient', service: 'client', keys: ['shared'] });
  assert.deepEqual(lookup(client, 'api'), [api.ips['btextshared']]);
  assert.equal(readState(ctx.root).networks['btextshared']?.project, undefined, 'no project owns it, so no down removes it');
  await assert.rejects(networkRemove(['btextshared'], env), /network btextshared has active endpoints: btexta-api-extapi, btextb-client-extclient/);
  const missing = project('btextc', { gone: { external: true, name: 'btnosuchnet' } });
  await assert.rejects(ensureNetwork(ctx, missing, 'gone'), /network btnosuchnet declared as external, but could not be found/);
});
