import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeviceSpec, resolveDevices, type DeviceHost, type HostNode } from '../../../src/native/container/devices.js';

test("parses Docker's device forms", () => {
  assert.deepEqual(parseDeviceSpec('s', '/dev/fuse'), { host: '/dev/fuse', container: '/dev/fuse', access: 'rwm' });
  assert.deepEqual(parseDeviceSpec('s', '/dev/sda:/dev/xvda:rwm'), { host: '/dev/sda', container: '/dev/xvda', access: 'rwm' });
  assert.deepEqual(parseDeviceSpec('s', '/dev/sda:/dev/xvda'), { host: '/dev/sda', container: '/dev/xvda', access: 'rwm' });
  assert.deepEqual(parseDeviceSpec('s', '/dev/sda:r'), { host: '/dev/sda', container: '/dev/sda', access: 'r' });
  assert.deepEqual(parseDeviceSpec('s', '/dev/sda:/dev/xvda:mr'), { host: '/dev/sda', container: '/dev/xvda', access: 'mr' });
});

test('bad device entries are errors naming the entry', () => {
  assert.throws(() => parseDeviceSpec('s', 'dev/sda'), /service s: devices dev\/sda: the host path must be absolute/);
  assert.throws(() => parseDeviceSpec('s', '/dev/sda:xvda:r'), /the container path must be absolute/);
  assert.throws(() => parseDeviceSpec('s', '/dev/sda:/dev/xvda:rwx'), /bad permissions rwx/);
  assert.throws(() => parseDeviceSpec('s', '/dev/sda:/dev/xvda:rr'), /bad permissions rr/);
  assert.throws(() => parseDeviceSpec('s', '/a:/b:r:w'), /expected HOST\[:CONTAINER\]\[:PERMISSIONS\]/);
  assert.throws(() => parseDeviceSpec('s', 'vendor.com/gpu=all'), /must be absolute/);
});

const node = (kind: 'c' | 'b', major: number, minor: number, mode = 0o660, gid = 6): HostNode => ({ kind, major, minor, mode, uid: 0, gid });

function fakeHost(tree: Record<string, HostNode | 'dir'>): DeviceHost {
  return {
    inspect: (p) => tree[p],
    list: (d) => Object.keys(tree).filter((p) => p.startsWith(d + '/') && !p.slice(d.length + 1).includes('/')).map((p) => p.slice(d.length + 1)),
  };
}

const host = fakeHost({
  '/dev': 'dir',
  '/dev/sda': node('b', 8, 0),
  '/dev/fuse': node('c', 10, 229, 0o666, 0),
  '/dev/snd': 'dir',
  '/dev/snd/controlC0': node('c', 116, 2),
  '/dev/snd/timer': node('c', 116, 33),
  '/dev/pts': 'dir',
  '/dev/pts/0': node('c', 136, 0),
  '/dev/console': node('c', 5, 1),
  '/dev/ptmx': node('c', 5, 2),
  '/dev/null': node('c', 1, 3, 0o666, 0),
});

test('each device becomes a node record with the host numbers and an allow rule with its permissions', () => {
  const r = resolveDevices({ name: 's', privileged: false, devices: ['/dev/fuse', '/dev/sda:/dev/xvda:r'] }, host);
  assert.deepEqual(r.records, [
    { path: '/dev/fuse', kind: 'c', major: 10, minor: 229, mode: '666', uid: 0, gid: 0 },
    { path: '/dev/xvda', kind: 'b', major: 8, minor: 0, mode: '660', uid: 0, gid: 6, hostPath: '/dev/sda' },
  ]);
  assert.deepEqual(r.policy, [
    { kind: 'c', major: 10, minor: 229, access: 'rwm' },
    { kind: 'b', major: 8, minor: 0, access: 'r' },
  ]);
});

test('a directory brings every node under it, at the container path', () => {
  const r = resolveDevices({ name: 's', privileged: false, devices: ['/dev/snd:/dev/sound'] }, host);
  assert.deepEqual(r.records.map((d) => `${d.path} ${d.major}:${d.minor} ${d.hostPath}`), ['/dev/sound/controlC0 116:2 /dev/snd/controlC0', '/dev/sound/timer 116:33 /dev/snd/timer']);
  assert.equal((r.policy as readonly unknown[]).length, 2);
});

test('no devices: no records, no extra rules', () => {
  assert.deepEqual(resolveDevices({ name: 's', privileged: false, devices: [] }, host), { records: [], policy: [] });
});

test("privileged gets every host node but the container's own pts, ptmx and console, and allows all", () => {
  const r = resolveDevices({ name: 's', privileged: true, devices: [] }, host);
  assert.equal(r.policy, 'all');
  assert.deepEqual(r.records.map((d) => d.path).sort(), ['/dev/fuse', '/dev/null', '/dev/sda', '/dev/snd/controlC0', '/dev/snd/timer']);
});

test('a path that is not a device on the host is an error naming it', () => {
  assert.throws(() => resolveDevices({ name: 's', privileged: false, devices: ['/dev/nope'] }, host), /service s: devices \/dev\/nope: \/dev\/nope is not a device on this host/);
});
