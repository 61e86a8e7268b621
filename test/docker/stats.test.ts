import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromEngineStats, memoryWithoutCache, type EngineStats } from '../../src/docker/stats.js';

/** trimmed from a real `GET /containers/{id}/stats?stream=false` of a busy container on cgroup v1 */
const DOC: EngineStats = {
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
  memory_stats: { usage: 10_000_000, limit: 67_108_864, stats: { total_inactive_file: 2_000_000, cache: 3_000_000 } },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 500, tx_bytes: 50 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'Read', value: 4096 }, { op: 'Write', value: 8192 }, { op: 'Total', value: 12288 }, { op: 'read', value: 4 },
    ],
  },
  pids_stats: { current: 4 },
};

test('the docker CLI arithmetic: CPU % from precpu, memory without inactive files, summed I/O', () => {
  assert.deepEqual(fromEngineStats(DOC), {
    // 1e9 of container time over 2e9 of host time on 2 CPUs
    cpuPercent: 100,
    memoryUsage: 8_000_000,
    memoryLimit: 67_108_864,
    netRx: 1500,
    netTx: 250,
    blockRead: 4100,
    blockWrite: 8192,
    pids: 4,
  });
});

test('a previous reading of our own replaces precpu (one-shot samples have none)', () => {
  const s = fromEngineStats({ ...DOC, precpu_stats: {} }, { containerNs: 2_500_000_000, systemNs: 19_000_000_000, onlineCpus: 2 });
  assert.equal(s.cpuPercent, 100);
});

test('online_cpus missing: the number of per-CPU counters is used, as the CLI does', () => {
  const doc = { ...DOC, cpu_stats: { cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 20_000_000_000 } };
  assert.equal(fromEngineStats(doc).cpuPercent, 200);
});

test('a stopped container (an almost empty document) reads as zeros', () => {
  assert.deepEqual(fromEngineStats({ memory_stats: {}, blkio_stats: { io_service_bytes_recursive: null } }), {
    cpuPercent: 0, memoryUsage: 0, memoryLimit: 0, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 0,
  });
});

test('memory on cgroup v2 subtracts inactive_file; more cache than usage leaves usage', () => {
  assert.equal(memoryWithoutCache(1000, { inactive_file: 300 }), 700);
  assert.equal(memoryWithoutCache(1000, { total_inactive_file: 2000 }), 1000);
  assert.equal(memoryWithoutCache(1000), 1000);
});
