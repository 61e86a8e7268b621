import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateAddress, allocateSubnet, checkExplicitSubnet, gatewayOf, parsePools, routedSubnets } from '../../../src/native/network/ipam.js';
import { formatCidr, parseCidr } from '../../../src/native/network/cidr.js';

const cidr = (s: string) => parseCidr(s)!;

test('the first /24 of the pool that overlaps no host route and no network is chosen', () => {
  const routes = routedSubnets(
    JSON.stringify([{ dst: 'default', gateway: '192.0.2.1' }, { dst: '10.213.0.0/24' }, { dst: '10.213.2.7' }]),
  );
  const got = allocateSubnet([{ base: '10.213.0.0/16', size: 24 }], [...routes, cidr('10.213.1.0/24')]);
  assert.equal(formatCidr(got), '10.213.3.0/24');
});

test('a host route wider than the pool blocks the whole pool and the next pool is used', () => {
  const got = allocateSubnet(parsePools('10.213.0.0/16:24,10.214.0.0/16:26'), [cidr('10.213.0.0/16'), cidr('10.214.0.0/26')]);
  assert.equal(formatCidr(got), '10.214.0.64/26');
});

test('an exhausted pool fails with a message naming the pools and the way out', () => {
  const pools = parsePools('10.213.0.0/23:24');
  assert.throws(
    () => allocateSubnet(pools, [cidr('10.213.0.0/24'), cidr('10.213.1.0/24')]),
    /no free subnet left in the address pools 10\.213\.0\.0\/23 \(\/24 each\).*BERTH_ADDRESS_POOLS/,
  );
});

test('pool specs are checked', () => {
  assert.deepEqual(parsePools('10.1.0.0/16'), [{ base: '10.1.0.0/16', size: 24 }]);
  assert.throws(() => parsePools('10.1.0.0/16:8'), /invalid address pool "10.1.0.0\/16:8"/);
  assert.throws(() => parsePools('nope'), /invalid address pool/);
});

test('an explicit subnet may not overlap another network', () => {
  assert.throws(
    () => checkExplicitSubnet('p_b', '10.5.0.0/16', [{ name: 'p_a', subnet: '10.5.3.0/24' }]),
    /network p_b: subnet 10.5.0.0\/16 overlaps network p_a \(10.5.3.0\/24\)/,
  );
  assert.equal(formatCidr(checkExplicitSubnet('p_b', '10.6.0.0/16', [{ name: 'p_a', subnet: '10.5.3.0/24' }])), '10.6.0.0/16');
});

test('the gateway is .1 unless configured, and must lie in the subnet', () => {
  assert.equal(gatewayOf(cidr('10.9.8.0/24')), '10.9.8.1');
  assert.equal(gatewayOf(cidr('10.9.8.0/24'), '10.9.8.254'), '10.9.8.254');
  assert.throws(() => gatewayOf(cidr('10.9.8.0/24'), '10.9.9.1'), /gateway 10.9.9.1 is not in subnet 10.9.8.0\/24/);
});

const base = { network: 'p_default', subnet: '10.9.8.0/29', gateway: '10.9.8.1' };

test('addresses continue after the last one handed out, skipping used ones and wrapping', () => {
  assert.equal(allocateAddress({ ...base, used: [] }), '10.9.8.2');
  assert.equal(allocateAddress({ ...base, used: ['10.9.8.2'], last: '10.9.8.2' }), '10.9.8.3');
  // a recreated container (its old address freed) gets a new address, not the same one
  assert.equal(allocateAddress({ ...base, used: ['10.9.8.3'], last: '10.9.8.3' }), '10.9.8.4');
  assert.equal(allocateAddress({ ...base, used: ['10.9.8.3'], last: '10.9.8.6' }), '10.9.8.2');
});

test('a full subnet and a taken or foreign ipv4_address are refused', () => {
  const used = ['10.9.8.2', '10.9.8.3', '10.9.8.4', '10.9.8.5', '10.9.8.6'];
  assert.throws(() => allocateAddress({ ...base, used }), /network p_default \(10.9.8.0\/29\) has no free address left/);
  assert.equal(allocateAddress({ ...base, used: [], requested: '10.9.8.5' }), '10.9.8.5');
  assert.throws(() => allocateAddress({ ...base, used: ['10.9.8.5'], requested: '10.9.8.5' }), /ipv4_address 10.9.8.5 is already in use/);
  assert.throws(() => allocateAddress({ ...base, used: [], requested: '10.9.8.1' }), /already in use/);
  assert.throws(() => allocateAddress({ ...base, used: [], requested: '10.9.9.5' }), /not a usable address of network p_default/);
  assert.throws(() => allocateAddress({ ...base, used: [], requested: '10.9.8.7' }), /not a usable address/);
});
