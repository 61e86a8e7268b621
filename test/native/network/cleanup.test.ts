import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSweep } from '../../../src/native/network/cleanup.js';
import type { NetState } from '../../../src/native/network/state.js';

const state: NetState = {
  networks: {
    p_default: { name: 'p_default', id: 'n1', bridge: 'bt-n1', tag: 'berth:r1:n1', subnet: '10.9.1.0/24', gateway: '10.9.1.1', internal: false, mtu: 1500, labels: {} },
  },
  endpoints: [
    { containerId: 'alive', containerName: 'p-web-1', project: 'p', service: 'web', network: 'p_default', ip: '10.9.1.2', veth: 'btvalive', ifname: 'eth0', aliases: [], links: {} },
    { containerId: 'dead', containerName: 'p-db-1', project: 'p', service: 'db', network: 'p_default', ip: '10.9.1.3', veth: 'btvdead', ifname: 'eth0', aliases: [], links: {} },
  ],
  ports: [],
};

test('containers whose veth is gone are dead; only this root\'s unknown bridges are orphans', () => {
  const links = [
    { ifname: 'bt-n1', ifalias: 'berth:r1:n1/p_default' },
    { ifname: 'btvalive' },
    { ifname: 'bt-old', ifalias: 'berth:r1:old/p_gone' },
    { ifname: 'bt-other', ifalias: 'berth:r2:x/q_default' },
    { ifname: 'docker0' },
  ];
  assert.deepEqual(planSweep(state, links, 'berth:r1'), { deadContainers: ['dead'], orphanBridges: ['bt-old'] });
});

test('after a reboot every endpoint is dead and a missing bridge is not an orphan (ensureNetwork remakes it)', () => {
  assert.deepEqual(planSweep(state, [{ ifname: 'lo' }], 'berth:r1'), { deadContainers: ['alive', 'dead'], orphanBridges: [] });
});
