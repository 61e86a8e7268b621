import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
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
