import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCgroupV1 } from '../../../src/native/cgroups/v1.js';
import { detectCgroupVersion } from '../../../src/native/cgroups/detect.js';

function fakeV1(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-cg1-'));
  for (const c of ['memory', 'cpu', 'cpuacct', 'cpuset', 'pids', 'freezer', 'devices']) {
    mkdirSync(join(root, c));
    writeFileSync(join(root, c, 'cgroup.procs'), '');
  }
  writeFileSync(join(root, 'cpuset/cpuset.cpus'), '0-1');
  writeFileSync(join(root, 'cpuset/cpuset.mems'), '0');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

const read = (p: string) => readFileSync(p, 'utf8');

test('detects v1 by per-controller hierarchies', (t) => {
  assert.equal(detectCgroupVersion(fakeV1(t)), 'v1');
});

test('create makes one cgroup per controller, copies cpuset down and denies devices', (t) => {
  const root = fakeV1(t);
  const m = createCgroupV1(root);
  // in a fake tree the control files do not appear by themselves: create the ones written with cgWriteIfPresent
  mkdirSync(join(root, 'devices/berth/c1'), { recursive: true });
  writeFileSync(join(root, 'devices/berth/c1/devices.deny'), '');
  writeFileSync(join(root, 'devices/berth/c1/devices.allow'), '');
  mkdirSync(join(root, 'cpuset/berth/c1'), { recursive: true });
  for (const d of ['cpuset/berth', 'cpuset/berth/c1']) {
    writeFileSync(join(root, d, 'cpuset.cpus'), '');
    writeFileSync(join(root, d, 'cpuset.mems'), '');
  }
  m.create('berth/c1', { memory: 1 << 20, cpus: 1.5, cpuShares: 256, pids: 10 });
  assert.equal(read(join(root, 'cpuset/berth/c1/cpuset.cpus')), '0-1');
  assert.equal(read(join(root, 'cpuset/berth/c1/cpuset.mems')), '0');
  assert.equal(read(join(root, 'devices/berth/c1/devices.allow')), 'b *:* m', 'the last rule written');
  assert.equal(read(join(root, 'memory/berth/c1/memory.limit_in_bytes')), String(1 << 20));
  assert.equal(read(join(root, 'cpu/berth/c1/cpu.cfs_quota_us')), '150000');
  assert.equal(read(join(root, 'cpu/berth/c1/cpu.cfs_period_us')), '100000');
  assert.equal(read(join(root, 'cpu/berth/c1/cpu.shares')), '256');
  assert.equal(read(join(root, 'pids/berth/c1/pids.max')), '10');
  assert.equal(m.procsFiles('berth/c1').length, 7);
  m.freeze('berth/c1');
  assert.equal(read(join(root, 'freezer/berth/c1/freezer.state')), 'FROZEN');
});

test('stats reads memory, cpuacct, pids, inactive file pages and blkio; blkio joins the controllers', (t) => {
  const root = fakeV1(t);
  mkdirSync(join(root, 'blkio'));
  writeFileSync(join(root, 'blkio', 'cgroup.procs'), '');
  const m = createCgroupV1(root);
  m.create('berth/s1', {});
  assert.ok(m.procsFiles('berth/s1').includes(join(root, 'blkio/berth/s1/cgroup.procs')));
  const f = (ctrl: string, file: string, text: string) => writeFileSync(join(root, ctrl, 'berth/s1', file), text);
  f('memory', 'memory.usage_in_bytes', '10000\n');
  // what the kernel reports for "no limit": not a limit
  f('memory', 'memory.limit_in_bytes', '9223372036854771712\n');
  f('memory', 'memory.stat', 'cache 500\ntotal_cache 500\ntotal_inactive_file 300\n');
  f('cpuacct', 'cpuacct.usage', '123456789\n');
  f('pids', 'pids.current', '2\n');
  f('blkio', 'blkio.throttle.io_service_bytes_recursive', '8:0 Read 4096\n8:0 Write 100\n8:0 Total 4196\nTotal 4196\n');
  assert.deepEqual(m.stats('berth/s1'), {
    memoryUsage: 10000, cpuUsageNs: 123456789, pids: 2, inactiveFile: 300, blockRead: 4096, blockWrite: 100,
  });
});
