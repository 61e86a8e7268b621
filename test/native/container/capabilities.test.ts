import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilityMask, capabilitySet } from '../../../src/native/container/capabilities.js';

test("the default set is Docker's (mask a80425fb)", () => {
  assert.equal(capabilityMask(capabilitySet([], [])), '00000000a80425fb');
});

test('cap_add and cap_drop, with or without CAP_ prefix, ALL on either side', () => {
  const set = capabilitySet(['CAP_SYS_ADMIN', 'net_admin'], ['NET_RAW']);
  assert.ok(set.includes(21) && set.includes(12) && !set.includes(13));
  assert.deepEqual(capabilitySet([], ['ALL']), []);
  assert.equal(capabilitySet(['ALL'], []).length, 41);
});

test('an unknown capability is an error naming it', () => {
  assert.throws(() => capabilitySet(['FLY'], []), /cap_add: unknown capability FLY/);
});
