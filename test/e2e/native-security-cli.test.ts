/**
 * devices and security_opt through the CLI on the native backend (root): from compose.yaml
 * to the container, with the warning about options Berth does not apply, and a named error
 * for a device the host does not have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { makeProject } from './harness.js';
import { TEST_IMAGE } from './test-image.js';
import { nativeBackend } from './native-backend.js';
import { nativeMissing } from '../helpers/native-runtime.js';

const missing = nativeMissing() ?? (existsSync('/dev/fuse') ? undefined : '/dev/fuse');
if (missing && process.env['CI'] === 'true') {
  test('native security CLI prerequisites', () => assert.fail(`the native security CLI suite needs ${missing}`));
} else if (missing) {
  test('native security CLI suite', (t) => t.skip(`needs ${missing}`));
} else {
  const backend = nativeBackend('seccli');
  let prepared: Promise<void> | undefined;
  const prepare = () => (prepared ??= backend.prepare());

  test('native: devices and security_opt from compose.yaml reach the container; unapplied options are warned about', { timeout: 120_000 }, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'seccli', `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    devices:
      - source: /dev/fuse
        target: /dev/bt-fuse
        permissions: r
    security_opt: ["apparmor=docker-default", "no-new-privileges:true"]
  free:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    security_opt: ["seccomp:unconfined"]
`);
    const up = await p.compose(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, /services\.app\.security_opt: apparmor=docker-default \(AppArmor profiles are not applied by the native backend\)/);
    assert.doesNotMatch(up.stderr, /no-new-privileges/);
    const dev = await p.compose(['exec', '-T', 'app', 'sh', '-c', 'test -c /dev/bt-fuse && echo char; grep "^Seccomp:" /proc/self/status']);
    assert.equal(dev.code, 0, dev.stderr);
    assert.deepEqual(dev.stdout.trim().split('\n').map((l) => l.replace(/\s+/g, ' ')), ['char', 'Seccomp: 2']);
    const free = await p.compose(['exec', '-T', 'free', 'grep', '^Seccomp:', '/proc/self/status']);
    assert.equal(free.stdout.replace(/\s+/g, ' ').trim(), 'Seccomp: 0');
  });

  test('native: a device the host does not have fails up with a message naming it', { timeout: 60_000 }, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'seccli', `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    devices: ["/dev/bt-no-such-device:/dev/x"]
`);
    const up = await p.compose(['up', '-d']);
    assert.notEqual(up.code, 0);
    assert.match(up.stderr, /service app: devices \/dev\/bt-no-such-device:\/dev\/x: \/dev\/bt-no-such-device is not a device on this host/);
  });
}
