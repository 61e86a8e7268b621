/**
 * Native networking, names: services, replicas, aliases, links and container names resolve
 * inside containers (netns stand-ins) through glibc, musl and busybox resolvers, only on shared
 * networks, and changes show at once. Needs root; uses pool 10.213.160.0/21.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMuslResolver } from './musl-resolver.js';
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

/** the musl client built for this test, or undefined after failing (CI) or skipping the test */
function muslClient(t: TestContext): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'berth-musl-bin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'resolve');
  const missing = buildMuslResolver(bin);
  if (!missing) return bin;
  if (process.env['CI'] === 'true') throw new Error(`this test needs ${missing}`);
  t.skip(`needs ${missing}`);
  return undefined;
}

test('musl\'s resolver finds the same names (services, replicas, aliases, links, forwarded names)', async (t) => {
  if (!prerequisites(t)) return;
  const bin = muslClient(t);
  if (!bin) return;
  const ctx = await netRoot(t, POOL, { 'outside.example': '203.0.113.98' });
  const p = project('btmusl', { default: {} });
  const web = await standIn(t, ctx, p, { id: 'mweb1', service: 'web', keys: ['default'], links: { database: 'db' } });
  const db = await standIn(t, ctx, p, { id: 'mdb1', service: 'db', keys: ['default'], aliases: ['postgres'] });
  const api: StandIn[] = [];
  for (const i of [1, 2]) api.push(await standIn(t, ctx, p, { id: `mapi${i}`, service: 'api', keys: ['default'] }));
  const musl = (name: string): { status: number; ips: string[]; err: string } => {
    const r = web.ns.exec([bin, name]);
    return { status: r.status, ips: [...new Set(r.stdout.split('\n').filter(Boolean))].sort(), err: r.stderr };
  };
  const dbIp = db.ips['btmusl_default']!;
  for (const name of ['db', 'postgres', 'database', 'btmusl-db-mdb1']) {
    const r = musl(name);
    assert.equal(r.status, 0, `${name}: ${r.err}`);
    assert.deepEqual(r.ips, [dbIp], name);
  }
  assert.deepEqual(musl('api').ips, api.map((a) => a.ips['btmusl_default']!).sort(), 'all replicas');
  assert.deepEqual(musl('outside.example').ips, ['203.0.113.98'], 'forwarded to the host resolver');
  assert.notEqual(musl('nothing-here.invalid').status, 0, 'an unknown name fails');
});
