import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPercent } from '../../src/runtime/cpu-percent.js';

test('CPU % is the container share of host CPU time, times CPUs, times 100', () => {
  // one of 4 CPUs fully busy for 1 s: 1e9 ns of container time over 4e9 ns of host time
  assert.equal(cpuPercent({ containerNs: 0, systemNs: 0, onlineCpus: 4 }, { containerNs: 1e9, systemNs: 4e9, onlineCpus: 4 }), 100);
  assert.equal(cpuPercent({ containerNs: 5e8, systemNs: 1e9, onlineCpus: 2 }, { containerNs: 1e9, systemNs: 3e9, onlineCpus: 2 }), 50);
});

test('no progress or a counter reset gives 0, never a negative or infinite figure', () => {
  assert.equal(cpuPercent({ containerNs: 5, systemNs: 5, onlineCpus: 2 }, { containerNs: 5, systemNs: 9, onlineCpus: 2 }), 0);
  assert.equal(cpuPercent({ containerNs: 9, systemNs: 5, onlineCpus: 2 }, { containerNs: 3, systemNs: 9, onlineCpus: 2 }), 0);
  assert.equal(cpuPercent({ containerNs: 0, systemNs: 5, onlineCpus: 2 }, { containerNs: 3, systemNs: 5, onlineCpus: 2 }), 0);
});
