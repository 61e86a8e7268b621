import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingHost } from '../../../src/native/network/host.js';
import { netContext } from '../../../src/native/network/context.js';
import { attach, createNetwork, detach, publishPorts, readState, removeNetwork } from '../../../src/native/network/index.js';

/** A host that has no routes, no bridges and an empty ruleset, and records what is run. */
function fakeHost(routes = '[]') {
  return new RecordingHost((line) => {
    if (line.startsWith('ip -j -4 route')) return { ok: true, stdout: routes, stderr: '' };
    if (line.startsWith('ip -j addr show dev')) return { ok: false, stdout: '', stderr: 'Device does not exist' };
    if (line === 'iptables-save') return { ok: true, stdout: '*filter\n:FORWARD DROP [0:0]\nCOMMIT\n*nat\nCOMMIT\n', stderr: '' };
    return undefined;
  });
}

test('a network, an endpoint and a port, and back, as commands against a recording host', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bt-net-unit-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const host = fakeHost(JSON.stringify([{ dst: '10.213.0.0/24', dev: 'eth9' }]));
  const ctx = netContext({ root, host, dns: false, pools: [{ base: '10.213.0.0/16', size: 24 }], probe: async (_ip, port) => (port === 0 ? 40000 : 'free') });

  const net = await createNetwork(ctx, { name: 'p_default', project: 'p', key: 'default', internal: false, labels: {} });
  assert.equal(net.subnet, '10.213.1.0/24', 'the routed 10.213.0.0/24 is skipped');
  const created = host.calls.join('\n');
  assert.match(created, new RegExp(`ip -batch - <<\\nlink add ${net.bridge} address 02:[0-9a-f:]+ mtu 1500 type bridge`));
  assert.match(created, /sysctl net\.ipv4\.ip_forward=1/);
  assert.match(created, new RegExp(`sysctl net\\.ipv4\\.conf\\.${net.bridge}\\.route_localnet=1`));
  assert.match(created, /iptables-restore -w --noflush <<\n\*filter\n:BERTH-FORWARD - \[0:0\]/);

  host.calls.length = 0;
  const ips = await attach(ctx, { id: 'c1', name: 'p-web-1', project: 'p', service: 'web', netnsPath: '/proc/7/ns/net', networks: [{ name: 'p_default', aliases: ['www'] }], links: { database: 'db' } });
  assert.deepEqual(ips, { p_default: '10.213.1.2' });
  assert.ok(host.calls.some((c) => c.startsWith('nsenter --net=/proc/7/ns/net ip -batch - <<\nlink set btp')));
  const ports = await publishPorts(ctx, { containerId: 'c1', project: 'p', service: 'web', ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }] });
  assert.deepEqual(ports, [{ target: 80, protocol: 'tcp', hostIp: '0.0.0.0', published: 40000 }]);
  assert.match(host.calls.at(-1)!, /-A BERTH-DNAT -p tcp --dport 40000 .* -j DNAT --to-destination 10\.213\.1\.2:80/);
  await assert.rejects(removeNetwork(ctx, 'p_default'), /network p_default has active endpoints: p-web-1/);

  await detach(ctx, 'c1');
  assert.deepEqual(readState(root).endpoints, []);
  assert.deepEqual(readState(root).ports, []);
  await removeNetwork(ctx, 'p_default');
  assert.deepEqual(readState(root).networks, {});
  assert.equal(host.calls.at(-1), `ip link del ${net.bridge}`);
});

test('a failed attach takes back the addresses it allocated', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bt-net-unit-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const base = fakeHost();
  const host = new RecordingHost((line) => (line.startsWith('nsenter') ? { ok: false, stdout: '', stderr: 'no such namespace' } : undefined));
  const ctx0 = netContext({ root, host: base, dns: false, pools: [{ base: '10.213.0.0/16', size: 24 }] });
  await createNetwork(ctx0, { name: 'p_default', internal: false, labels: {} });
  const ctx = { ...ctx0, host };
  await assert.rejects(
    attach(ctx, { id: 'c2', name: 'p-web-1', project: 'p', service: 'web', netnsPath: '/proc/8/ns/net', networks: [{ name: 'p_default', aliases: [] }], links: {} }),
    /no such namespace/,
  );
  assert.deepEqual(readState(root).endpoints, []);
  assert.ok(host.calls.some((c) => c.startsWith('ip link del btv')), 'the host side of the veth is deleted');
});
