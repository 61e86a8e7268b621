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
