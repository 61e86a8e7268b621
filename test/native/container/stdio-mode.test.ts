import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stdinConfigValue, stdioMode } from '../../../src/native/container/stdio-mode.js';
import { formatShimConfig, type ShimConfig } from '../../../src/native/container/shim-config.js';
import { makeService } from '../../helpers/model.js';

test('the service decides for up: tty and stdin_open (kept open, not closed by a client)', () => {
  assert.deepEqual(stdioMode({ service: makeService('a', {}) }), { tty: false });
  assert.deepEqual(stdioMode({ service: makeService('a', { tty: true }) }), { tty: true });
  assert.deepEqual(stdioMode({ service: makeService('a', { stdin_open: true }) }), { tty: false, stdin: 'open' });
});

test('run decides for itself: its TTY and -i override the service; -i stdin ends with the client', () => {
  const service = makeService('a', { tty: true, stdin_open: true });
  assert.deepEqual(stdioMode({ service, tty: false, interactive: true }), { tty: false, stdin: 'once' });
  assert.deepEqual(stdioMode({ service, tty: false, interactive: false }), { tty: false });
  assert.deepEqual(stdioMode({ service: makeService('a', {}), tty: true, interactive: true }), { tty: true, stdin: 'once' });
});

test("the shim's config gets tty and stdin lines only when asked", () => {
  assert.deepEqual([stdinConfigValue(undefined), stdinConfigValue('open'), stdinConfigValue('once')], [0, 1, 2]);
  const base: ShimConfig = {
    rootfs: '/r', layerDirs: ['/l'], upperdir: '/u', workdir: '/w', readonlyRoot: false, privileged: false, hostname: 'h',
    netns: 'new', args: ['sh'], env: [], cwd: '/', uid: 0, gid: 0, groups: [], caps: [], mounts: [], devices: [], symlinks: [],
    masked: [], readonlyPaths: [], sysctls: [], rlimits: [], cgroupProcs: [], restart: { name: 'no', max: 0 },
  };
  const lines = (c: ShimConfig) => formatShimConfig(c).split('\n').filter((l) => /^(tty|stdin) /.test(l));
  assert.deepEqual(lines(base), []);
  assert.deepEqual(lines({ ...base, tty: true, stdin: 'once' }), ['tty 1', 'stdin 2']);
  assert.deepEqual(lines({ ...base, tty: false, stdin: 'open' }), ['stdin 1']);
});
