import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSameProcess, parseShimState, processStartTime } from '../../../src/native/state/shim-state.js';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

test('a zombie is not a live process: a killed shim not yet reaped must not block adoption', async () => {
  // `sleep 0` exits at once; its parent exec's into `sleep 5`, which never reaps it
  const child = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const pid = Number(await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d)))));
    let state = '';
    for (let i = 0; i < 50 && state !== 'Z'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
    }
    assert.equal(state, 'Z', 'the test could not make a zombie');
    assert.equal(processStartTime(pid), undefined);
    assert.equal(isSameProcess(pid, '1'), false);
  } finally {
    child.kill('SIGKILL');
  }
});
