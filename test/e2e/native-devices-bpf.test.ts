/**
 * The cgroup v2 devices policy (root, a cgroup2 mount): `berth-shim devices` attaches an eBPF
 * program that the kernel runs on every device open and mknod. On a v1 host the empty cgroup2
 * mount at /sys/fs/cgroup/unified enforces such programs too, so this runs on either layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCgroupV2 } from '../../src/native/cgroups/v2.js';
import { shimDeviceAttacher } from '../../src/native/cgroups/detect.js';
import { defaultShimPath } from '../../src/native/paths.js';

function unifiedRoot(): string | undefined {
  return ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'].find((r) => existsSync(join(r, 'cgroup.procs')) && existsSync(join(r, 'cgroup.subtree_control')));
}

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'root';
  if (!unifiedRoot()) return 'a cgroup2 mount (/sys/fs/cgroup or /sys/fs/cgroup/unified)';
  if (!existsSync(defaultShimPath())) return `${defaultShimPath()} (npm run build)`;
  for (const [p, block] of [['/dev/fuse', false], ['/dev/loop0', true]] as const) {
    try {
      const st = statSync(p);
      if (block ? !st.isBlockDevice() : !st.isCharacterDevice()) return p;
    } catch {
      return p;
    }
  }
  return undefined;
}

test('the eBPF device filter allows the listed accesses, mknod of anything, and nothing else', (t) => {
  const why = missing();
  if (why) {
    if (process.env.CI === 'true') throw new Error(`the v2 devices test needs ${why}`);
    t.skip(`needs ${why}`);
    return;
  }
  const root = unifiedRoot()!;
  const parent = `berth-test-${randomBytes(4).toString('hex')}`;
  t.after(() => {
    for (const d of [join(root, parent, 'c1'), join(root, parent)]) if (existsSync(d)) rmdirSync(d);
  });
  const work = mkdtempSync(join(tmpdir(), 'berth-devbpf-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const node = join(work, 'bt-node');
  const m = createCgroupV2(root, shimDeviceAttacher(defaultShimPath()));
  m.create(`${parent}/c1`, { devices: [{ kind: 'c', major: 10, minor: 229, access: 'r' }] });
  const script = [
    `echo $$ > ${join(root, parent, 'c1', 'cgroup.procs')}`,
    '(exec 3<>/dev/null) 2>/dev/null && echo null-rw || echo null-refused',
    '(exec 3</dev/fuse) 2>/dev/null && echo fuse-r || echo fuse-r-refused',
    '(exec 3<>/dev/fuse) 2>/dev/null && echo fuse-rw || echo fuse-rw-refused',
    '(exec 3</dev/loop0) 2>/dev/null && echo loop-r || echo loop-refused',
    `mknod ${node} b 7 0 && echo mknod-ok; rm -f ${node}`,
  ].join('; ');
  // the shell joins the cgroup itself, so nothing else of this test runs under the filter
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  assert.deepEqual(r.stdout.trim().split('\n'), ['null-rw', 'fuse-r', 'fuse-rw-refused', 'loop-refused', 'mknod-ok'], r.stderr);
  // the same host, outside the cgroup, opens both
  const host = spawnSync('/bin/sh', ['-c', '(exec 3<>/dev/fuse) && (exec 3</dev/loop0) && echo host-ok'], { encoding: 'utf8' });
  assert.equal(host.stdout.trim(), 'host-ok');
});
