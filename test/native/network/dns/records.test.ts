import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, rotate } from '../../../../src/native/network/dns/records.js';
import type { EndpointRecord, NetState, NetworkRecord } from '../../../../src/native/network/state.js';

const net = (name: string, third: number): NetworkRecord => ({
  name, id: name, bridge: `bt-${name}`, tag: `t:${name}`, subnet: `10.9.${third}.0/24`, gateway: `10.9.${third}.1`, internal: false, mtu: 1500, labels: {},
});
const ep = (containerId: string, project: string, service: string, network: string, ip: string, extra: Partial<EndpointRecord> = {}): EndpointRecord => ({
  containerId, containerName: `${project}-${service}-${containerId.slice(-1)}`, project, service, network, ip, veth: 'v', ifname: 'eth0', aliases: [], links: {}, ...extra,
});

const state: NetState = {
  networks: { a_default: net('a_default', 1), a_back: net('a_back', 2), b_default: net('b_default', 3) },
  endpoints: [
    ep('web1', 'a', 'web', 'a_default', '10.9.1.2', { links: { database: 'db' } }),
    ep('web1', 'a', 'web', 'a_back', '10.9.2.2', { ifname: 'eth1', links: { database: 'db' } }),
    ep('db1', 'a', 'db', 'a_back', '10.9.2.3', { aliases: ['postgres'] }),
    ep('api1', 'a', 'api', 'a_default', '10.9.1.4'),
    ep('api2', 'a', 'api', 'a_default', '10.9.1.5'),
    ep('api3', 'a', 'api', 'a_default', '10.9.1.6'),
    ep('db9', 'b', 'db', 'b_default', '10.9.3.2'),
    ep('web9', 'b', 'web', 'b_default', '10.9.3.3'),
  ],
  ports: [],
};
const fromWeb = { server: '10.9.1.1', client: '10.9.1.2' };

test('every replica of a scaled service resolves', () => {
  assert.deepEqual(resolve(state, fromWeb, 'api'), ['10.9.1.4', '10.9.1.5', '10.9.1.6']);
  assert.deepEqual(rotate(['x', 'y', 'z'], 4), ['y', 'z', 'x']);
});

test('names on any network the asker is on resolve, even when asked through another gateway', () => {
  assert.deepEqual(resolve(state, fromWeb, 'db'), ['10.9.2.3']);
  assert.deepEqual(resolve(state, fromWeb, 'postgres'), ['10.9.2.3']);
  assert.deepEqual(resolve(state, fromWeb, 'A-DB-1'), ['10.9.2.3'], 'container names, any case');
  assert.deepEqual(resolve(state, fromWeb, 'web1'), ['10.9.1.2'], 'short container id');
});

test('a link alias resolves for the linking container only', () => {
  assert.deepEqual(resolve(state, fromWeb, 'database'), ['10.9.2.3']);
  assert.equal(resolve(state, { server: '10.9.1.1', client: '10.9.1.4' }, 'database'), undefined);
});

test('names of networks the asker is not on do not resolve: two projects with the same names stay apart', () => {
  assert.deepEqual(resolve(state, { server: '10.9.3.1', client: '10.9.3.3' }, 'db'), ['10.9.3.2']);
  assert.equal(resolve(state, { server: '10.9.3.1', client: '10.9.3.3' }, 'api'), undefined);
  // api is only on a_default: db on a_back does not see it
  assert.equal(resolve(state, { server: '10.9.2.1', client: '10.9.2.3' }, 'api'), undefined);
});

test('an unknown asker gets the names of the network whose gateway it asked; unknown names are forwarded', () => {
  assert.deepEqual(resolve(state, { server: '10.9.1.1', client: '10.9.1.99' }, 'web'), ['10.9.1.2']);
  assert.equal(resolve(state, fromWeb, 'example.org'), undefined);
  assert.equal(resolve(state, { server: '10.7.7.7', client: '10.9.1.2' }, 'web'), undefined);
});
