import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storePaths } from '../../../../src/native/image/store/paths.js';
import { BlobWriter, hasBlob, putBlob, sha256 } from '../../../../src/native/image/store/blobs.js';
import { withLock } from '../../../../src/native/image/store/lock.js';
import { sweepAbandoned } from '../../../../src/native/image/store/atomic.js';
import { readIndex, updateIndex } from '../../../../src/native/image/store/index-file.js';

async function paths(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), 'berth-store-unit-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const p = storePaths(root);
  for (const d of [p.blobs, p.layers, p.tmp]) await mkdir(d, { recursive: true });
  return p;
}

/** a pid that certainly belongs to no running process */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

test('a blob is published only when its bytes match the digest', async (t) => {
  const p = await paths(t);
  const data = Buffer.from('hello');
  const w = await BlobWriter.create(p);
  await w.write(data);
  await assert.rejects(w.commit(sha256('other')), /digest mismatch: expected sha256:[0-9a-f]+, received content hashes to sha256:2cf24/);
  assert.equal(await hasBlob(p, sha256(data)), false);
  assert.deepEqual(await readdir(p.tmp), []);
  assert.equal(await putBlob(p, data), sha256(data));
  assert.equal(await hasBlob(p, sha256(data)), true);
});

test('concurrent index updates under the lock lose nothing', async (t) => {
  const p = await paths(t);
  const platform = { os: 'linux', architecture: 'amd64' };
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      updateIndex(p, (refs) => {
        refs[`r/${i}:1`] = { manifest: sha256(String(i)), platform, updated: '' };
      }),
    ),
  );
  assert.equal(Object.keys((await readIndex(p)).references).length, 20);
  assert.deepEqual(await readdir(p.tmp), []);
});

test('a lock left by a dead process is taken over; a live one is waited for', async (t) => {
  const p = await paths(t);
  await writeFile(p.lock, String(deadPid()));
  assert.equal(await withLock(p.lock, async () => 'got it', 2000), 'got it');
  await writeFile(p.lock, String(process.ppid));
  await assert.rejects(withLock(p.lock, async () => 'no', 200), new RegExp(`image store is locked by process ${process.ppid}`));
  await rm(p.lock);
});

test('work left by dead processes is swept; a live process\'s work is kept', async (t) => {
  const p = await paths(t);
  await writeFile(join(p.tmp, `${deadPid()}-abc-blob`), 'x');
  await mkdir(join(p.tmp, `${deadPid()}-def-layer`));
  await writeFile(join(p.tmp, `${process.pid}-ghi-blob`), 'mine');
  assert.equal(await sweepAbandoned(p), 2);
  assert.deepEqual(await readdir(p.tmp), [`${process.pid}-ghi-blob`]);
  assert.equal(await readFile(join(p.tmp, `${process.pid}-ghi-blob`), 'utf8'), 'mine');
});
