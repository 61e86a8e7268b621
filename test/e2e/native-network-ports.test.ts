/**
 * Native networking, traffic: published TCP and UDP ports from loopback and host addresses,
 * port conflicts, internal networks, outbound NAT, host-gateway and address pool exhaustion.
 * Netns stand-ins for containers; needs root; uses pool 10.213.168.0/22 and 10.213.172-177.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetwork, publishPorts, readState } from '../../src/native/network/index.js';
import { netContext } from '../../src/native/network/context.js';
import { parsePools } from '../../src/native/network/ipam.js';
import { background, cleanup, eventually, must, netRoot, netns, prerequisites, project, sh, standIn, UDP_ASK, UDP_ECHO } from './native-network-helpers.js';

const POOL = '10.213.168.0/22:24';

function webRoot(t: Parameters<typeof cleanup>[0]): string {
  const dir = mkdtempSync(join(tmpdir(), 'bt-www-'));
  writeFileSync(join(dir, 'index.html'), 'hello from web\n');
  cleanup(t, () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// busybox 1.35's wget crashes with -T, so the time limit comes from timeout(1)
const wget = (url: string) => sh(['timeout', '3', 'busybox', 'wget', '-qO-', url]);

test('published TCP ports answer on 127.0.0.1 and the host\'s own addresses; random ports are bound where asked', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const p = project('btports', { default: {} });
  const web = await standIn(t, ctx, p, { id: 'pweb', service: 'web', keys: ['default'] });
  background(t, ['ip', 'netns', 'exec', web.ns.name, 'busybox', 'httpd', '-f', '-p', '80', '-h', webRoot(t)]);
  const ports = await publishPorts(ctx, {
    containerId: 'pweb', project: 'btports', service: 'web',
    ports: [
      { target: 80, published: '47801', protocol: 'tcp', mode: 'ingress' },
      { target: 80, host_ip: '127.0.0.1', protocol: 'tcp', mode: 'ingress' },
    ],
  });
  assert.equal(ports[0]?.published, 47801);
  const random = ports[1]?.published;
  assert.ok(random && random !== 47801, `a random host port was reported (${random})`);
  const gw = readState(ctx.root).networks['btports_default']!.gateway;
  assert.equal((await eventually(() => { const r = wget('http://127.0.0.1:47801/'); assert.equal(r.status, 0, r.stderr); return r; })).stdout, 'hello from web\n');
  assert.equal(wget(`http://${gw}:47801/`).stdout, 'hello from web\n', 'on a host address');
  assert.equal(wget(`http://127.0.0.1:${random}/`).stdout, 'hello from web\n', 'random port on 127.0.0.1');
  assert.notEqual(wget(`http://${gw}:${random}/`).status, 0, 'a port published on 127.0.0.1 only is not on other addresses');
});

test('published UDP ports carry datagrams both ways', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const p = project('btudp', { default: {} });
  const dns = await standIn(t, ctx, p, { id: 'pudp', service: 'echo', keys: ['default'] });
  background(t, ['ip', 'netns', 'exec', dns.ns.name, process.execPath, '-e', UDP_ECHO, '5353']);
  await publishPorts(ctx, { containerId: 'pudp', project: 'btudp', service: 'echo', ports: [{ target: 5353, published: '47802', protocol: 'udp', mode: 'ingress' }] });
  const reply = await eventually(() => {
    const out = must([process.execPath, '-e', UDP_ASK, '127.0.0.1', '47802', 'ping']);
    assert.equal(out, 'echo:ping');
    return out;
  }, 5000);
  assert.equal(reply, 'echo:ping');
  // the same port number over TCP is not published
  assert.notEqual(wget('http://127.0.0.1:47802/').status, 0);
});

test('a host port in use fails naming the service and port, and leaves nothing published', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const p = project('btconf', { default: {} });
  await standIn(t, ctx, p, { id: 'pconf1', service: 'web', keys: ['default'] });
  await standIn(t, ctx, p, { id: 'pconf2', service: 'api', keys: ['default'] });
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(47803, '127.0.0.1', r));
  cleanup(t, () => new Promise((r) => holder.close(r)));
  await assert.rejects(
    publishPorts(ctx, {
      containerId: 'pconf1', project: 'btconf', service: 'web',
      ports: [{ target: 81, published: '47804', protocol: 'tcp', mode: 'ingress' }, { target: 80, published: '47803', protocol: 'tcp', mode: 'ingress' }],
    }),
    /service web: cannot publish port 47803\/tcp on 0\.0\.0\.0: the host port is already in use/,
  );
  assert.deepEqual(readState(ctx.root).ports, []);
  assert.ok(!must(['iptables-save']).includes('--dport 47804'), 'no rule of the failed publication stays');
  // a port another Berth container publishes counts as in use too
  await publishPorts(ctx, { containerId: 'pconf1', project: 'btconf', service: 'web', ports: [{ target: 80, published: '47804', protocol: 'tcp', mode: 'ingress' }] });
  await assert.rejects(
    publishPorts(ctx, { containerId: 'pconf2', project: 'btconf', service: 'api', ports: [{ target: 80, published: '47804', protocol: 'tcp', mode: 'ingress' }] }),
    /service api: cannot publish port 47804\/tcp/,
  );
});

test('internal networks have no way out while routed ones reach outside through NAT; host-gateway reaches the host', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  // an "outside" host: a namespace on a point-to-point link that only knows the host's side
  const out = netns(t, 'bt-t-outside');
  must(['ip', 'link', 'add', 'btx-up', 'type', 'veth', 'peer', 'name', 'btx-down']);
  cleanup(t, () => sh(['ip', 'link', 'del', 'btx-up']));
  must(['ip', 'link', 'set', 'btx-down', 'netns', out.name]);
  must(['ip', 'addr', 'add', '10.213.175.1/30', 'dev', 'btx-up']);
  must(['ip', 'link', 'set', 'btx-up', 'up']);
  must(['ip', 'netns', 'exec', out.name, 'ip', 'addr', 'add', '10.213.175.2/30', 'dev', 'btx-down']);
  must(['ip', 'netns', 'exec', out.name, 'ip', 'link', 'set', 'btx-down', 'up']);

  const p = project('btint', { front: {}, back: { internal: true } });
  const routed = await standIn(t, ctx, p, { id: 'irouted', service: 'web', keys: ['front'], extraHosts: ['host.docker.internal:host-gateway'] });
  const inner = await standIn(t, ctx, p, { id: 'iinner', service: 'db', keys: ['back'] });
  const both = await standIn(t, ctx, p, { id: 'iboth', service: 'app', keys: ['back', 'front'] });
  const ping = (s: typeof routed, ip: string) => s.ns.exec(['busybox', 'ping', '-c', '1', '-W', '1', ip]).status;
  assert.equal(ping(routed, '10.213.175.2'), 0, 'a routed network reaches outside');
  assert.notEqual(ping(inner, '10.213.175.2'), 0, 'an internal network does not');
  assert.equal(ping(inner, both.ips['btint_back']!), 0, 'but reaches its own network');
  assert.equal(ping(both, '10.213.175.2'), 0, 'a container on both uses the routed one');

  // host-gateway: a server on the host's gateway address, reached by name from the container
  const gw = readState(ctx.root).networks['btint_front']!.gateway;
  background(t, ['busybox', 'httpd', '-f', '-p', `${gw}:47805`, '-h', webRoot(t)]);
  const r = await eventually(() => {
    const x = routed.ns.exec(['timeout', '3', 'busybox', 'wget', '-qO-', 'http://host.docker.internal:47805/']);
    assert.equal(x.status, 0, x.stderr);
    return x;
  });
  assert.equal(r.stdout, 'hello from web\n');
});

test('an exhausted address pool fails with a clear error and creates nothing', async (t) => {
  if (!prerequisites(t)) return;
  await netRoot(t, POOL); // for its clean-up of networks made below in the same root
  const root = mkdtempSync(join(tmpdir(), 'bt-net-'));
  const ctx = netContext({ root, pools: parsePools('10.213.176.0/23:24'), dns: false });
  cleanup(t, async () => {
    const { removeNetwork } = await import('../../src/native/network/index.js');
    for (const n of Object.keys(readState(root).networks)) await removeNetwork(ctx, n, { force: true });
    rmSync(root, { recursive: true, force: true });
  });
  await createNetwork(ctx, { name: 'btpool_a', internal: false, labels: {} });
  await createNetwork(ctx, { name: 'btpool_b', internal: false, labels: {} });
  const before = must(['ip', '-o', 'link']).split('\n').length;
  await assert.rejects(
    createNetwork(ctx, { name: 'btpool_c', internal: false, labels: {} }),
    /no free subnet left in the address pools 10\.213\.176\.0\/23 \(\/24 each\)/,
  );
  assert.equal(must(['ip', '-o', 'link']).split('\n').length, before);
  assert.deepEqual(Object.keys(readState(root).networks).sort(), ['btpool_a', 'btpool_b']);
});
