import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { liveState } from '../../../src/native/container/status.js';
import { processStartTime } from '../../../src/native/state/shim-state.js';
import { removeStaleStaging, STAGING_PREFIX } from '../../../src/native/container/staging.js';

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-status-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // a stand-in shim that only records being asked to adopt
  const shim = join(dir, 'fake-shim');
  writeFileSync(shim, `#!/bin/sh\necho "$@" > ${join(dir, 'adopted')}\n`);
  chmodSync(shim, 0o755);
  return { dir, shim };
}

const state = (fields: Record<string, string | number>) =>
  Object.entries({ status: 'running', pid: 0, pid_start: 0, shim_pid: 0, exit_code: 0, started_at: 1e15, finished_at: 0, restart_count: 0, health: 'none', failing_streak: 0, error: '', ...fields })
    .map(([k, v]) => `${k} ${v}`).join('\n') + '\n';

function deadPid(): number {
  return spawnSync('true').pid!;
}

test('a container that died while no shim watched is recorded as exited with the code its init wrote', (t) => {
  const { dir, shim } = setup(t);
  writeFileSync(join(dir, 'state'), state({ pid: deadPid(), pid_start: 123 }));
  writeFileSync(join(dir, 'exitcode'), '5\n');
  const s = liveState(dir, shim);
  assert.equal(s?.status, 'exited');
  assert.equal(s?.exitCode, 5);
  assert.match(readFileSync(join(dir, 'state'), 'utf8'), /^status exited$/m, 'the truth is written back');
});

test('after a reboot a recycled pid is not mistaken for the container (start time differs)', (t) => {
  const { dir, shim } = setup(t);
  const start = Number(processStartTime(process.pid));
  writeFileSync(join(dir, 'state'), state({ pid: process.pid, pid_start: start + 1 }));
  writeFileSync(join(dir, 'shim.pid'), `${process.pid} ${start + 1}\n`);
  const s = liveState(dir, shim);
  assert.equal(s?.status, 'exited');
  assert.equal(s?.exitCode, 137, 'no exit code was written: killed');
});

test('a live container whose shim died is handed to a new, adopting shim', async (t) => {
  const { dir, shim } = setup(t);
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'state'), state({ pid: process.pid, pid_start: processStartTime(process.pid)! }));
  writeFileSync(join(dir, 'shim.pid'), `${deadPid()} 1\n`);
  assert.equal(liveState(dir, shim)?.status, 'running');
  for (let i = 0; i < 50 && !existsSync(join(dir, 'adopted')); i++) await sleep(20);
  assert.equal(readFileSync(join(dir, 'adopted'), 'utf8').trim(), `--adopt ${dir}`);
});

test('staging dirs of creates whose CLI died are removed; those of live ones stay', (t) => {
  const { dir } = setup(t);
  const dead = join(dir, `${STAGING_PREFIX}abc-${deadPid()}`);
  const live = join(dir, `${STAGING_PREFIX}def-${process.pid}`);
  mkdirSync(dead);
  mkdirSync(live);
  removeStaleStaging(dir);
  assert.ok(!existsSync(dead));
  assert.ok(existsSync(live));
});
