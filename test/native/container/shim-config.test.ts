import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeValue, formatShimConfig, type ShimConfig } from '../../../src/native/container/shim-config.js';

const base: ShimConfig = {
  rootfs: '/r', layerDirs: ['/l/low', '/l/top'], upperdir: '/u', workdir: '/w', readonlyRoot: false, privileged: false,
  hostname: 'h', netns: 'new', args: ['sh', '-c', 'echo "a\tb"\necho c'], env: ['A=1'], cwd: '/', uid: 0, gid: 0, groups: [0],
  caps: [0, 1], mounts: [{ type: 'proc', source: 'proc', target: '/proc', flags: ['nosuid', 'nodev'], data: '' }],
  devices: [{ path: '/dev/null', kind: 'c', major: 1, minor: 3, mode: '666' }], symlinks: [['/proc/self/fd', '/dev/fd']],
  masked: ['/proc/kcore'], readonlyPaths: ['/proc/sys'], sysctls: [], rlimits: [[7, '10', '20']], cgroupProcs: ['/cg/cgroup.procs'],
  restart: { name: 'on-failure', max: 2 },
};

test('escapes backslash, newline and tab so each value stays on its line', () => {
  assert.equal(escapeValue('a\\b\nc\td'), 'a\\\\b\\nc\\td');
});

test('one key per line, lists repeated, records tab-separated, overlay lowerdir topmost first', () => {
  const lines = formatShimConfig(base).trimEnd().split('\n');
  assert.ok(lines.includes('lowerdir /l/top:/l/low'));
  assert.deepEqual(lines.filter((l) => l.startsWith('arg ')), ['arg sh', 'arg -c', 'arg echo "a\\tb"\\necho c']);
  assert.ok(lines.includes('mount proc\tproc\t/proc\tnosuid,nodev\t'));
  assert.ok(lines.includes('device /dev/null\tc\t1\t3\t666'));
  assert.ok(lines.includes('rlimit 7\t10\t20'));
  assert.ok(lines.includes('no_new_privs 1'));
  assert.ok(lines.includes('restart on-failure') && lines.includes('restart_max 2'));
  assert.ok(!lines.some((l) => l.startsWith('health_')));
});

test('device records carry the owner and, when renamed, the host node; seccomp rules are records too', () => {
  const lines = formatShimConfig({
    ...base,
    devices: [{ path: '/dev/xvda', kind: 'b', major: 8, minor: 0, mode: '660', uid: 0, gid: 6, hostPath: '/dev/sda' }],
    seccomp: [['mount', 1], ['clone', 1, 'masked', 0, 0x7e020000]],
  }).split('\n');
  assert.ok(lines.includes('device /dev/xvda\tb\t8\t0\t660\t0\t6\t/dev/sda'));
  assert.ok(lines.includes('seccomp mount\t1'));
  assert.ok(lines.includes(`seccomp clone\t1\tmasked\t0\t${0x7e020000}`));
  assert.ok(!formatShimConfig(base).includes('seccomp '), 'no rules, no filter');
});
