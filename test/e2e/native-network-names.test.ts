/**
 * Native networking, names: services, replicas, aliases, links and container names resolve
 * inside containers (netns stand-ins) through glibc and busybox resolvers, only on shared
 * networks, and changes show at once. Needs root; uses pool 10.213.160.0/21.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detach } from '../../src/native/network/index.js';
import { lookup, netRoot, prerequisites, project, standIn, type StandIn } from './native-network-helpers.js';

const POOL = '10.213.160.0/21:24';

test('services, replicas, aliases, links and container names resolve; other names go to the host resolvers', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL, { 'outside.example': '203.0.113.99' });
  const p = project('btnames', { default: {}, back: {} });
  const web = await standIn(t, ctx, p, { id: 'web1', service: 'web', keys: ['default', 'back'], links: { database: 'db' } });
  const db = await standIn(t, ctx, p, { id: 'db1', service: 'db', keys: ['back'], aliases: ['postgres'] });
  const api: StandIn[] = [];
  for (const i of [1, 2, 3]) api.push(await standIn(t, ctx, p, { id: `api${i}`, service: 'api', keys: ['default'] }));
  const dbIp = db.ips['btnames_back']!;

  assert.deepEqual(lookup(web, 'db'), [dbIp], 'service name via glibc');
  assert.deepEqual(lookup(web, 'db', 'busybox'), [dbIp], 'service name via busybox');
  assert.deepEqual(lookup(web, 'postgres'), [dbIp], 'network alias');
  assert.deepEqual(lookup(web, 'database'), [dbIp], 'link alias');
  assert.deepEqual(lookup(web, 'btnames-db-db1'), [dbIp], 'container name');
  assert.deepEqual(lookup(api[0]!, 'database'), [], 'link aliases belong to the linking container');
  assert.deepEqual(lookup(db, 'api'), [], 'db shares no network with api');
  assert.deepEqual(lookup(web, 'outside.example', 'busybox'), ['203.0.113.99'], 'forwarded to the host resolver');

  const apiIps = api.map((a) => a.ips['btnames_default']!).sort();
  assert.deepEqual(lookup(web, 'api', 'busybox').sort(), apiIps, 'all replicas');
  const firsts = new Set([1, 2, 3].map(() => lookup(web, 'api', 'busybox')[0]));
  assert.ok(firsts.size > 1, `round robin: consecutive answers start with different replicas (${[...firsts]})`);

  // scale down: the removed replica disappears from the very next answer
  await detach(ctx, 'api3');
  assert.deepEqual(lookup(web, 'api', 'busybox').sort(), apiIps.filter((ip) => ip !== api[2]!.ips['btnames_default']).sort());

  // recreate db: it gets a new address and the name follows without touching web
  await detach(ctx, 'db1');
  const db2 = await standIn(t, ctx, p, { id: 'db2', service: 'db', keys: ['back'] });
  assert.notEqual(db2.ips['btnames_back'], dbIp);
  assert.deepEqual(lookup(web, 'db'), [db2.ips['btnames_back']]);
});

test('two projects with the same service names resolve only their own', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const a = project('btpa', { default: {} });
  const b = project('btpb', { default: {} });
  const webA = await standIn(t, ctx, a, { id: 'pa-web', service: 'web', keys: ['default'] });
  const dbA = await standIn(t, ctx, a, { id: 'pa-db', service: 'db', keys: ['default'] });
  const webB = await standIn(t, ctx, b, { id: 'pb-web', service: 'web', keys: ['default'] });
  const dbB = await standIn(t, ctx, b, { id: 'pb-db', service: 'db', keys: ['default'] });
  assert.deepEqual(lookup(webA, 'db'), [dbA.ips['btpa_default']]);
  assert.deepEqual(lookup(webB, 'db'), [dbB.ips['btpb_default']]);
  // and no cross-talk on the wire either: networks are isolated
  const r = webA.ns.exec(['busybox', 'ping', '-c', '1', '-W', '1', dbB.ips['btpb_default']!]);
  assert.notEqual(r.status, 0, 'a container of project a reached one of project b');
  const same = webA.ns.exec(['busybox', 'ping', '-c', '1', '-W', '1', dbA.ips['btpa_default']!]);
  assert.equal(same.status, 0, same.stdout + same.stderr);
});
