import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobWriter, sha256 } from '../../../../src/native/image/store/blobs.js';
import { JoinPool } from '../../../../src/native/image/store/coalesce.js';
import { blobPath, storePaths, type StorePaths } from '../../../../src/native/image/store/paths.js';

async function paths(t: { after: (fn: () => Promise<void>) => void }): Promise<StorePaths> {
  const root = await mkdtemp(join(tmpdir(), 'berth-blob-unit-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const p = storePaths(root);
  for (const d of [p.blobs, p.tmp]) await mkdir(d, { recursive: true });
  return p;
}

const SIZE = 1 << 16;

test('a direct blob writer stores aligned pieces, an unaligned tail and later unaligned pieces byte for byte', async (t) => {
  const p = await paths(t);
  const pool = new JoinPool(SIZE);
  const parts: Buffer[] = [];
  const w = await BlobWriter.create(p, { direct: true });
  let written = 0;
  for (let i = 0; i < 3; i++) {
    const piece = pool.take();
    randomBytes(SIZE).copy(piece);
    parts.push(Buffer.from(piece));
    await w.write(piece, { aligned: pool.owns(piece), written: () => void written++ });
  }
  // an odd-sized chunk, after which even pool pieces sit at unaligned offsets
  const odd = randomBytes(777);
  parts.push(odd);
  await w.write(odd);
  const late = pool.take();
  randomBytes(SIZE).copy(late);
  parts.push(Buffer.from(late));
  await w.write(late, { aligned: true, written: () => void written++ });
  const all = Buffer.concat(parts);
  await w.commit(sha256(all));
  assert.equal(written, 4, 'every write reported its completion before the commit');
  assert.deepEqual(await readFile(blobPath(p, sha256(all))), all);
  assert.deepEqual(await readdir(p.tmp), []);
});

test('the direct descriptor is opened where the filesystem allows it, and only when asked for', async (t) => {
  const p = await paths(t);
  const direct = await BlobWriter.create(p, { direct: true });
  const plain = await BlobWriter.create(p);
  t.after(async () => {
    await direct.abort();
    await plain.abort();
  });
  assert.equal(plain.usesDirect, false);
  // tmpfs before Linux 6.6 and some FUSE filesystems refuse O_DIRECT; the writer then uses the page cache
  if (!direct.usesDirect) t.diagnostic(`${tmpdir()} refuses O_DIRECT here; only the fallback was exercised`);
});

test('a mismatching direct blob is removed', async (t) => {
  const p = await paths(t);
  const pool = new JoinPool(SIZE);
  const w = await BlobWriter.create(p, { direct: true });
  const piece = pool.take();
  await w.write(piece, { aligned: true });
  await assert.rejects(w.commit(sha256(Buffer.from('something else'))), /digest mismatch/);
  assert.deepEqual(await readdir(p.tmp), []);
  assert.deepEqual(await readdir(p.blobs), []);
});
