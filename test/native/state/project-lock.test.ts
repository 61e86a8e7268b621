import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockProject } from '../../../src/native/state/project-lock.js';

function dir(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'berth-lock-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('serializes holders: the second waits until the first releases', async (t) => {
  const d = dir(t);
  const first = await lockProject(d, 'p');
  const order: string[] = [];
  const second = lockProject(d, 'p').then((l) => {
    order.push('second');
    return l;
  });
  await new Promise((r) => setTimeout(r, 100));
  order.push('release');
  first.release();
  (await second).release();
  assert.deepEqual(order, ['release', 'second']);
  assert.ok(!existsSync(join(d, 'p')));
});

test('a lock left by a dead process is taken over', async (t) => {
  const d = dir(t);
  writeFileSync(join(d, 'p'), '999999999 12345\n');
  const l = await lockProject(d, 'p', 1000);
  l.release();
});

test('a live holder makes others time out with a message naming the project', async (t) => {
  const d = dir(t);
  const l = await lockProject(d, 'p');
  await assert.rejects(lockProject(d, 'p', 150), /project p is locked by another command/);
  l.release();
});

test('a long wait is announced once, naming the holder pid', async (t) => {
  const d = dir(t);
  const l = await lockProject(d, 'p');
  const notices: number[] = [];
  const waiting = lockProject(d, 'p', { timeoutMs: Infinity, noticeAfterMs: 50, onWait: (pid) => notices.push(pid) });
  await new Promise((r) => setTimeout(r, 300));
  l.release();
  (await waiting).release();
  assert.deepEqual(notices, [process.pid]);
});

test('a lock file that is not a holder record is stale', async (t) => {
  const d = dir(t);
  writeFileSync(join(d, 'p'), 'garbage');
  (await lockProject(d, 'p', 1000)).release();
});

const MODULE = new URL('../../../src/native/state/project-lock.js', import.meta.url).href;

/** a separate node process that takes the lock; `then` is run while it holds it */
function holder(d: string, then: string): ChildProcess {
  const code = `import { lockProject } from ${JSON.stringify(MODULE)};
import { appendFileSync } from 'node:fs';
const l = await lockProject(${JSON.stringify(d)}, 'p', 20000);
${then}`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

const firstLine = (c: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    c.stdout?.once('data', (b: Buffer) => resolve(b.toString()));
    c.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });

test('the lock of a SIGKILLed command is taken over at once', async (t) => {
  const d = dir(t);
  const c = holder(d, `console.log('locked'); setInterval(() => {}, 1000);`);
  t.after(() => c.kill('SIGKILL'));
  assert.equal((await firstLine(c)).trim(), 'locked');
  assert.ok(existsSync(join(d, 'p')));
  await new Promise((r) => {
    c.once('exit', r);
    c.kill('SIGKILL');
  });
  const started = Date.now();
  (await lockProject(d, 'p', 2000)).release();
  assert.ok(Date.now() - started < 1000);
});

test('processes racing for a stale lock never hold it together', async (t) => {
  const d = dir(t);
  writeFileSync(join(d, 'p'), '999999999 12345\n');
  const log = join(d, 'log');
  const children = Array.from({ length: 4 }, () =>
    holder(d, `appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
await new Promise((r) => setTimeout(r, 40));
appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
l.release();`),
  );
  t.after(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  const codes = await Promise.all(children.map((c) => new Promise<number | null>((r) => c.once('exit', r))));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 8);
  // strictly in, out, in, out...: nobody entered while another was inside
  for (let i = 0; i < lines.length; i += 2) {
    const [a, pa] = (lines[i] ?? '').split(' ');
    const [b, pb] = (lines[i + 1] ?? '').split(' ');
    assert.deepEqual([a, b, pa], ['in', 'out', pb], lines.join(' | '));
  }
  assert.ok(!existsSync(join(d, 'p')));
});

test('a project name that is not one cannot point the lock outside the locks directory', async (t) => {
  const d = dir(t);
  await assert.rejects(lockProject(join(d, 'locks'), '../escape'), /invalid project name "\.\.\/escape"/);
  assert.ok(!existsSync(join(d, 'escape')));
});
