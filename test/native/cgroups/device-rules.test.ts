import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedDevices, deviceRuleText, v1DeviceWrites, DEFAULT_DEVICE_RULES } from '../../../src/native/cgroups/device-rules.js';
import { createCgroupV1 } from '../../../src/native/cgroups/v1.js';
import { createCgroupV2 } from '../../../src/native/cgroups/v2.js';

test("the default allow-list is Docker's standard nodes and mknod of anything", () => {
  const text = DEFAULT_DEVICE_RULES.map(deviceRuleText);
  for (const r of ['c 1:3 rwm', 'c 1:5 rwm', 'c 1:7 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 5:0 rwm', 'c 5:1 rwm', 'c 5:2 rwm', 'c 136:* rwm', 'c *:* m', 'b *:* m'])
    assert.ok(text.includes(r), r);
  assert.ok(!text.some((r) => r.startsWith('b') && r !== 'b *:* m'), 'no block device is usable by default');
});

test('service devices come after the defaults; privileged is allow-all', () => {
  const extra = [{ kind: 'b', major: 8, minor: 0, access: 'r' }] as const;
  assert.deepEqual(allowedDevices(extra).map(deviceRuleText).slice(-1), ['b 8:0 r']);
  assert.deepEqual(allowedDevices(undefined), DEFAULT_DEVICE_RULES);
  assert.deepEqual(allowedDevices('all').map(deviceRuleText), ['a']);
});

test('v1 writes: deny all first, then one allow rule per write', () => {
  const w = v1DeviceWrites([{ kind: 'c', major: 10, minor: 229, access: 'rwm' }]);
  assert.deepEqual(w[0], ['devices.deny', 'a']);
  assert.deepEqual(w.slice(1).map(([f]) => f), w.slice(1).map(() => 'devices.allow'));
  assert.deepEqual(w.slice(1).map(([, r]) => r), [...DEFAULT_DEVICE_RULES.map(deviceRuleText), 'c 10:229 rwm']);
  assert.deepEqual(v1DeviceWrites('all'), [['devices.deny', 'a'], ['devices.allow', 'a']]);
});

test('v1 create applies the policy to the devices hierarchy', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-cgdev-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const d = join(root, 'devices/berth/c1');
  mkdirSync(d, { recursive: true });
  // a fake tree keeps only the last write to each file
  for (const f of ['devices.deny', 'devices.allow']) writeFileSync(join(d, f), '');
  createCgroupV1(root).create('berth/c1', { devices: [{ kind: 'b', major: 8, minor: 0, access: 'r' }] });
  assert.equal(readFileSync(join(d, 'devices.deny'), 'utf8'), 'a');
  assert.equal(readFileSync(join(d, 'devices.allow'), 'utf8'), 'b 8:0 r');
  createCgroupV1(root).create('berth/c1', { devices: 'all' });
  assert.equal(readFileSync(join(d, 'devices.allow'), 'utf8'), 'a');
});

test('v2 create hands the policy, as v1-syntax rules, to the device filter attacher', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-cgdev2-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'cgroup.controllers'), '');
  const calls: [string, readonly string[]][] = [];
  const m = createCgroupV2(root, (dir, rules) => calls.push([dir, rules]));
  m.create('berth/c1', { devices: [{ kind: 'c', major: 10, minor: 229, access: 'r' }] });
  m.create('berth/c2', { devices: 'all' });
  assert.deepEqual(calls, [
    [join(root, 'berth/c1'), [...DEFAULT_DEVICE_RULES.map(deviceRuleText), 'c 10:229 r']],
    [join(root, 'berth/c2'), ['a']],
  ]);
});
