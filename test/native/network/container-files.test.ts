import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHosts, renderResolvConf } from '../../../src/native/network/container-files.js';
import { networkMode } from '../../../src/native/network/mode.js';
import type { NetState } from '../../../src/native/network/state.js';

const state: NetState = {
  networks: {
    p_int: { name: 'p_int', id: 'i', bridge: 'bt-i', tag: 't', subnet: '10.9.1.0/24', gateway: '10.9.1.1', internal: true, mtu: 1500, labels: {} },
    p_out: { name: 'p_out', id: 'o', bridge: 'bt-o', tag: 't', subnet: '10.9.2.0/24', gateway: '10.9.2.1', internal: false, mtu: 1500, labels: {} },
  },
  endpoints: [
    { containerId: 'c1', containerName: 'p-web-1', project: 'p', service: 'web', network: 'p_int', ip: '10.9.1.2', veth: 'v', ifname: 'eth0', aliases: [], links: {} },
    { containerId: 'c1', containerName: 'p-web-1', project: 'p', service: 'web', network: 'p_out', ip: '10.9.2.2', veth: 'v', ifname: 'eth1', aliases: [], links: {} },
  ],
  ports: [],
};

test('resolv.conf names the first network\'s gateway and keeps the host\'s search domains', () => {
  const text = renderResolvConf(state, 'c1', { hostResolvConf: 'nameserver 127.0.0.53\nsearch corp.example\n' });
  assert.equal(text, 'nameserver 10.9.1.1\nsearch corp.example\noptions ndots:0\n');
  assert.equal(renderResolvConf(state, 'c1', { hostResolvConf: '', dns_search: ['a.example'], dns_opt: ['timeout:1'] }), 'nameserver 10.9.1.1\nsearch a.example\noptions ndots:0 timeout:1\n');
});

test('a container on no network (host, none) gets the host\'s resolv.conf', () => {
  assert.equal(renderResolvConf(state, 'other', { hostResolvConf: 'nameserver 192.0.2.53\n' }), 'nameserver 192.0.2.53\n');
});

test('hosts: own address, extra_hosts, host-gateway is the gateway of the first routed network', () => {
  const text = renderHosts(state, 'c1', { hostname: 'web', extraHosts: ['host.docker.internal:host-gateway', 'db.local:10.1.2.3', 'v6:[::1]'] });
  assert.deepEqual(text.trim().split('\n').slice(2), ['10.9.1.2\tweb', '10.9.2.1\thost.docker.internal', '10.1.2.3\tdb.local', '::1\tv6']);
});

test('network_mode values map to what the runtime must do', () => {
  assert.deepEqual(networkMode({}), { kind: 'bridge' });
  assert.deepEqual(networkMode({ network_mode: 'host' }), { kind: 'host' });
  assert.deepEqual(networkMode({ network_mode: 'none' }), { kind: 'none' });
  assert.deepEqual(networkMode({ network_mode: 'service:db' }), { kind: 'service', service: 'db' });
  assert.deepEqual(networkMode({ network_mode: 'container:abc' }), { kind: 'container', container: 'abc' });
});
