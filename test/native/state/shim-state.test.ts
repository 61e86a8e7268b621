import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSameProcess, parseShimState, processStartTime } from '../../../src/native/state/shim-state.js';

test('parses the state file the shim writes', () => {
  const s = parseShimState('status running\npid 42\npid_start 777\nshim_pid 41\nexit_code 0\nstarted_at 1000000\nfinished_at 0\nrestart_count 2\nhealth healthy\nfailing_streak 0\nerror \n');
  assert.equal(s.status, 'running');
  assert.equal(s.pid, 42);
  assert.equal(s.pidStart, '777');
  assert.equal(s.startedAt, 1);
  assert.equal(s.restartCount, 2);
  assert.equal(s.health, 'healthy');
  assert.equal(parseShimState('status bogus\n').status, 'exited');
});

test('a pid counts as the same process only with the same start time (reboots, pid reuse)', () => {
  const start = processStartTime(process.pid);
  assert.ok(start);
  assert.ok(isSameProcess(process.pid, start));
  assert.ok(!isSameProcess(process.pid, String(Number(start) + 1)));
  assert.ok(!isSameProcess(process.pid, '0'));
  assert.equal(processStartTime(2 ** 22 + 1), undefined);
});
