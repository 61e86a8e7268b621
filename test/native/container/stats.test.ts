import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCgroupV2 } from '../../../src/native/cgroups/v2.js';
import { nativeCpuReading, parseNetDev, readNativeStats, toContainerStats } from '../../../src/native/container/stats.js';
import { cpuPercent, type CpuReading } from '../../../src/runtime/cpu-percent.js';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  999999      10    0    0    0     0          0         0   999999      10    0    0    0     0       0          0
  eth0:    1500      12    0    0    0     0          0         0      700       8    0    0    0     0       0          0
  eth1:     100       1    0    0    0     0          0         0       50       1    0    0    0     0       0          0
`;

test('net/dev sums every interface but lo', () => {
  assert.deepEqual(parseNetDev(NET_DEV), { rx: 1600, tx: 750 });
  assert.deepEqual(parseNetDev(''), { rx: 0, tx: 0 });
});

test('with wall time as host time, one busy CPU reads 100% whatever the number of CPUs', () => {
  for (const cpus of [1, 2, 8]) {
    const a = nativeCpuReading(0, 0, cpus);
    const b = nativeCpuReading(5e8, 1e9, cpus);
    assert.equal(cpuPercent(a, b), 50);
  }
});

test('memory without inactive files; no limit reads as the host memory, as Docker reports it', () => {
  const cg = { memoryUsage: 10_000, cpuUsageNs: 0, pids: 2, inactiveFile: 4_000 };
  const s = toContainerStats(cg, { rx: 1, tx: 2 }, 3.5, 1 << 30);
  assert.deepEqual(s, { cpuPercent: 3.5, memoryUsage: 6_000, memoryLimit: 1 << 30, netRx: 1, netTx: 2, blockRead: 0, blockWrite: 0, pids: 2 });
  assert.equal(toContainerStats({ ...cg, memoryLimit: 64 << 20 }, { rx: 0, tx: 0 }, 0, 1 << 30).memoryLimit, 64 << 20);
});

test('readNativeStats over a fake v2 tree: first call samples twice, later ones measure since the last', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-cg2-stats-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory pids io\n');
  const m = createCgroupV2(root);
  m.create('berth/s', { memory: 32 << 20 });
  const d = join(root, 'berth/s');
  writeFileSync(join(d, 'memory.current'), '2097152\n');
  writeFileSync(join(d, 'pids.current'), '2\n');
  writeFileSync(join(d, 'io.stat'), '8:0 rbytes=10 wbytes=20 rios=1 wios=1 dbytes=0 dios=0\n');
  writeFileSync(join(d, 'cpu.stat'), 'usage_usec 1000\n');
  const previous = new Map<string, CpuReading>();
  // the CPU counter moves while the first call waits for its second sample
  setTimeout(() => writeFileSync(join(d, 'cpu.stat'), 'usage_usec 200000\n'), 100).unref();
  const first = await readNativeStats(m, { id: 'c1', cgroup: 'berth/s', netPid: 0 }, previous);
  assert.ok(first.cpuPercent > 0, `cpu ${first.cpuPercent}`);
  assert.equal(first.memoryUsage, 2 << 20);
  assert.equal(first.memoryLimit, 32 << 20);
  assert.equal(first.pids, 2);
  assert.deepEqual([first.blockRead, first.blockWrite, first.netRx, first.netTx], [10, 20, 0, 0]);
  assert.ok(previous.has('c1'));
  // no CPU time since: 0%, and no second wait
  const started = Date.now();
  const second = await readNativeStats(m, { id: 'c1', cgroup: 'berth/s', netPid: 0 }, previous);
  assert.equal(second.cpuPercent, 0);
  assert.ok(Date.now() - started < 400);
});

test('the init of this very process stands in for a container: its net/dev is read', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'berth-cg2-stats-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'cgroup.controllers'), '');
  const m = createCgroupV2(root);
  m.create('berth/n', {});
  const previous = new Map<string, CpuReading>([['n', nativeCpuReading(0, Number(process.hrtime.bigint()))]]);
  const s = await readNativeStats(m, { id: 'n', cgroup: 'berth/n', netPid: process.pid }, previous);
  const expected = parseNetDev((await import('node:fs')).readFileSync(`/proc/${process.pid}/net/dev`, 'utf8'));
  assert.ok(s.netRx >= expected.rx - 1_000_000 && s.netRx <= expected.rx + 1_000_000);
});
