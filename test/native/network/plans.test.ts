import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBridge, planBridge } from '../../../src/native/network/bridge.js';
import { planAttach } from '../../../src/native/network/endpoint.js';
import { bridgeName, hostVethName, networkId, peerVethName } from '../../../src/native/network/names.js';
import type { NetworkRecord } from '../../../src/native/network/state.js';

const net: NetworkRecord = {
  name: 'p_default', id: 'abcdef012345', bridge: 'bt-n1', tag: 'berth:r:n1', subnet: '10.9.8.0/24', gateway: '10.9.8.1', internal: false, mtu: 1400, labels: {},
};

test('kernel object names fit IFNAMSIZ, carry the bt prefix and depend on the state root', () => {
  const id = networkId('/var/lib/berth', 'p_default');
  assert.notEqual(id, networkId('/tmp/other', 'p_default'));
  for (const n of [bridgeName(id), hostVethName('c'.repeat(64), 'p_default'), peerVethName('c'.repeat(64), 'p_default')]) {
    assert.ok(n.length <= 15 && n.startsWith('bt'), n);
  }
  assert.notEqual(hostVethName('c1', 'a'), hostVethName('c1', 'b'));
});

test('a missing bridge is created, addressed and brought up; a complete one is left alone', () => {
  const fresh = planBridge(net, parseBridge('')).map((c) => c.join(' '));
  assert.deepEqual(fresh, [
    'ip link add bt-n1 address 02:ab:cd:ef:01:23 mtu 1400 type bridge',
    'ip link set bt-n1 alias berth:r:n1/p_default',
    'ip addr add 10.9.8.1/24 dev bt-n1',
    'ip link set bt-n1 up',
  ]);
  const shown = JSON.stringify([{ flags: ['BROADCAST', 'UP'], addr_info: [{ family: 'inet', local: '10.9.8.1', prefixlen: 24 }] }]);
  assert.deepEqual(planBridge(net, parseBridge(shown)), []);
});

test('an endpoint is a veth into the namespace, renamed, addressed, with the default route when asked', () => {
  const input = { netnsPath: '/proc/42/ns/net', network: net, hostVeth: 'btvX', peerVeth: 'btpX', ifname: 'eth0', ip: '10.9.8.2', defaultRoute: true };
  const lines = planAttach(input).map((c) => c.join(' '));
  assert.equal(lines[0], 'ip link add btvX mtu 1400 type veth peer name btpX mtu 1400');
  assert.ok(lines.includes('ip link set btvX master bt-n1'));
  assert.ok(lines.includes('ip link set btpX netns /proc/42/ns/net'));
  assert.ok(lines.includes('nsenter --net=/proc/42/ns/net ip link set btpX name eth0'));
  assert.ok(lines.includes('nsenter --net=/proc/42/ns/net ip addr add 10.9.8.2/24 dev eth0'));
  assert.equal(lines.at(-1), 'nsenter --net=/proc/42/ns/net ip route replace default via 10.9.8.1 dev eth0');
  assert.ok(!planAttach({ ...input, defaultRoute: false }).some((c) => c.includes('route')));
});
