import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCgroupV2, sharesToWeight } from '../../../src/native/cgroups/v2.js';
import { detectCgroupVersion } from '../../../src/native/cgroups/detect.js';

/** a fake unified hierarchy: the kernel's files are plain files in a temp dir */
function fakeV2(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-cg2-'));
  writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  writeFileSync(join(root, 'cgroup.subtree_control'), '');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

const read = (p: string) => readFileSync(p, 'utf8');

test('detects v2 by cgroup.controllers at the root', (t) => {
  assert.equal(detectCgroupVersion(fakeV2(t)), 'v2');
});

test('create enables controllers down the tree and writes every limit', (t) => {
  const root = fakeV2(t);
  const m = createCgroupV2(root);
  // the kernel gives every new cgroup its control files; the fake gets the one this test reads
  mkdirSync(join(root, 'berth'));
  writeFileSync(join(root, 'berth/cgroup.subtree_control'), '');
  m.create('berth/c1', { memory: 64 << 20, memorySwap: 96 << 20, cpus: 0.5, cpuShares: 512, cpuset: '0', pids: 100 });
  assert.equal(read(join(root, 'cgroup.subtree_control')), '+cpuset +cpu +io +memory +pids');
  assert.equal(read(join(root, 'berth/cgroup.subtree_control')), '+cpuset +cpu +io +memory +pids');
  const d = join(root, 'berth/c1');
  assert.equal(read(join(d, 'memory.max')), String(64 << 20));
  assert.equal(read(join(d, 'cpu.max')), '50000 100000');
  assert.equal(read(join(d, 'cpu.weight')), String(sharesToWeight(512)));
  assert.equal(read(join(d, 'cpuset.cpus')), '0');
  assert.equal(read(join(d, 'pids.max')), '100');
  // memory.swap.max exists only where the kernel has swap accounting: absent here, so not written
  assert.ok(!existsSync(join(d, 'memory.swap.max')));
  assert.deepEqual(m.procsFiles('berth/c1'), [join(d, 'cgroup.procs')]);
});

test('memswap_limit becomes memory.swap.max as the difference, -1 as max', (t) => {
  const root = fakeV2(t);
  const m = createCgroupV2(root);
  mkdirSync(join(root, 'berth/c2'), { recursive: true });
  writeFileSync(join(root, 'berth/c2/memory.swap.max'), 'max');
  m.apply('berth/c2', { memory: 100, memorySwap: 250 });
  assert.equal(read(join(root, 'berth/c2/memory.swap.max')), '150');
  m.apply('berth/c2', { memorySwap: -1 });
  assert.equal(read(join(root, 'berth/c2/memory.swap.max')), 'max');
});

test('cpu shares map to weight as runc does', () => {
  assert.equal(sharesToWeight(2), 1);
  assert.equal(sharesToWeight(1024), 39);
  assert.equal(sharesToWeight(262144), 10000);
});

test('freeze, stats and pids read and write the unified files', (t) => {
  const root = fakeV2(t);
  const m = createCgroupV2(root);
  m.create('berth/c3', {});
  const d = join(root, 'berth/c3');
  m.freeze('berth/c3');
  assert.equal(read(join(d, 'cgroup.freeze')), '1');
  m.thaw('berth/c3');
  assert.equal(read(join(d, 'cgroup.freeze')), '0');
  writeFileSync(join(d, 'memory.current'), '4096\n');
  writeFileSync(join(d, 'memory.max'), 'max\n');
  writeFileSync(join(d, 'cpu.stat'), 'usage_usec 1500\nuser_usec 1000\n');
  writeFileSync(join(d, 'pids.current'), '3\n');
  writeFileSync(join(d, 'cgroup.procs'), '');
  assert.deepEqual(m.stats('berth/c3'), { memoryUsage: 4096, cpuUsageNs: 1_500_000, pids: 3 });
  assert.deepEqual(m.pids('berth/c3'), []);
});

test('a write that the kernel refuses names the file', (t) => {
  const root = fakeV2(t);
  const m = createCgroupV2(root);
  assert.throws(() => m.apply('berth/missing', { memory: 1 }), /write 1 to .*berth\/missing\/memory\.max/);
});

test('stats also reads inactive file pages and block I/O when the kernel reports them', (t) => {
  const root = fakeV2(t);
  const m = createCgroupV2(root);
  m.create('berth/c9', {});
  const d = join(root, 'berth/c9');
  writeFileSync(join(d, 'memory.current'), '8192\n');
  writeFileSync(join(d, 'memory.max'), '65536\n');
  writeFileSync(join(d, 'memory.stat'), 'anon 4096\nfile 4096\ninactive_file 1024\n');
  writeFileSync(join(d, 'cpu.stat'), 'usage_usec 2\n');
  writeFileSync(join(d, 'pids.current'), '1\n');
  writeFileSync(join(d, 'io.stat'), '8:0 rbytes=300 wbytes=400 rios=1 wios=1 dbytes=0 dios=0\n');
  assert.deepEqual(m.stats('berth/c9'), {
    memoryUsage: 8192, memoryLimit: 65536, cpuUsageNs: 2000, pids: 1, inactiveFile: 1024, blockRead: 300, blockWrite: 400,
  });
});
