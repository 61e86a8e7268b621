import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { storePaths, type StorePaths } from '../../../../src/native/image/store/paths.js';
import { sha256 } from '../../../../src/native/image/store/blobs.js';
import { downloadPieces, ingestLayer } from '../../../../src/native/image/store/ingest-layer.js';
import { tarBuffer, type TarSpec } from '../../../helpers/tar-writer.js';

async function paths(t: { after: (fn: () => Promise<void>) => void }): Promise<StorePaths> {
  const root = await mkdtemp(join(tmpdir(), 'berth-ingest-unit-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const p = storePaths(root);
  for (const d of [p.blobs, p.layers, p.tmp]) await mkdir(d, { recursive: true });
  return p;
}

const contents = Array.from({ length: 80 }, () => randomBytes(50_000));

/** a layer big enough (incompressible) that many files are on disk before its last byte arrives */
function layer(): { tar: Buffer; gz: Buffer } {
  const entries: TarSpec[] = [{ name: 'data/', type: 'directory' }];
  for (let i = 0; i < 80; i++) entries.push({ name: `data/f${i}`, data: contents[i] as Buffer });
  const tar = tarBuffer(entries);
  return { tar, gz: gzipSync(tar) };
}

/** the bytes in small pieces, optionally watching the work directory fill up on the way */
async function* pieces(buf: Buffer, onLast?: () => Promise<void>): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += 4096) {
    if (i + 4096 >= buf.length) await onLast?.();
    yield buf.subarray(i, i + 4096);
  }
}

async function nothingKept(p: StorePaths): Promise<void> {
  assert.deepEqual(await readdir(p.blobs), []);
  assert.deepEqual(await readdir(p.layers), []);
  assert.deepEqual(await readdir(p.tmp), []);
}

test('a streamed layer whose uncompressed digest fails at the end leaves nothing in the store', async (t) => {
  const p = await paths(t);
  const { tar, gz } = layer();
  let unpackedBeforeEnd = 0;
  const watch = async (): Promise<void> => {
    for (const name of await readdir(p.tmp)) {
      if (name.endsWith('-layer')) unpackedBeforeEnd += (await readdir(join(p.tmp, name, 'data')).catch(() => [])).length;
    }
  };
  const wrong = sha256(Buffer.concat([tar, Buffer.from('x')]));
  await assert.rejects(
    ingestLayer(p, { digest: sha256(gz), diffId: wrong, compression: 'gzip' }, pieces(gz, watch), true),
    /\(uncompressed\): digest mismatch: expected sha256:[0-9a-f]{64}, received content hashes to sha256:/,
  );
  // extraction really ran ahead of the check, so this is the late-mismatch case
  assert.ok(unpackedBeforeEnd > 10, `only ${unpackedBeforeEnd} files were unpacked before the last chunk`);
  await nothingKept(p);
});

test('a streamed layer whose compressed digest fails at the end leaves nothing in the store', async (t) => {
  const p = await paths(t);
  const { tar, gz } = layer();
  await assert.rejects(
    ingestLayer(p, { digest: sha256(Buffer.from('other')), diffId: sha256(tar), compression: 'gzip' }, pieces(gz), true),
    /digest mismatch: expected sha256:[0-9a-f]{64}, received content hashes to sha256:/,
  );
  await nothingKept(p);
  // uncompressed layers are checked the same way
  await assert.rejects(
    ingestLayer(p, { digest: sha256(Buffer.from('other')), diffId: sha256(tar), compression: 'none' }, pieces(tar), true),
    /digest mismatch/,
  );
  await nothingKept(p);
});

test('a source that fails midway leaves nothing in the store', async (t) => {
  const p = await paths(t);
  const { tar, gz } = layer();
  async function* broken(): AsyncGenerator<Buffer> {
    yield gz.subarray(0, gz.length >> 1);
    throw new Error('connection lost for good');
  }
  await assert.rejects(ingestLayer(p, { digest: sha256(gz), diffId: sha256(tar), compression: 'gzip' }, broken(), true), /connection lost for good/);
  await nothingKept(p);
});

test('a layer whose digests match is published: its blob and its unpacked directory', async (t) => {
  const p = await paths(t);
  const { tar, gz } = layer();
  await ingestLayer(p, { digest: sha256(gz), diffId: sha256(tar), compression: 'gzip' }, pieces(gz), true);
  assert.deepEqual(await readFile(join(p.blobs, sha256(gz).slice(7))), gz);
  const dir = join(p.layers, sha256(tar).slice(7));
  assert.equal((await readdir(join(dir, 'data'))).length, 80);
  assert.deepEqual(await readFile(join(dir, 'data', 'f7')), contents[7]);
  assert.equal((await stat(join(dir, 'data', 'f7'))).mtimeMs, 1_700_000_000_000);
  assert.deepEqual(await readdir(p.tmp), []);
});

test('`received` is heard once the source is used up, before the blob and the directory are published', async (t) => {
  const p = await paths(t);
  const { tar, gz } = layer();
  let sourceDone = false;
  async function* source(): AsyncGenerator<Buffer> {
    yield* pieces(gz);
    sourceDone = true;
  }
  const seen: { sourceDone: boolean; blobs: string[]; layers: string[] }[] = [];
  const received = (): void => {
    seen.push({ sourceDone, blobs: readdirSync(p.blobs), layers: readdirSync(p.layers) });
  };
  await ingestLayer(p, { digest: sha256(gz), diffId: sha256(tar), compression: 'gzip' }, source(), true, received);
  assert.deepEqual(seen, [{ sourceDone: true, blobs: [], layers: [] }]);
  assert.deepEqual(await readdir(p.blobs), [sha256(gz).slice(7)]);
  // a source that fails is never used up
  let heard = 0;
  async function* broken(): AsyncGenerator<Buffer> {
    yield gz.subarray(0, 4096);
    throw new Error('dropped');
  }
  await assert.rejects(ingestLayer(p, { digest: sha256(gz), diffId: sha256(tar), compression: 'gzip' }, broken(), true, () => heard++), /dropped/);
  assert.equal(heard, 0);
});

test('big gzip layers ingested at the same time reuse join buffers without mixing up their bytes', async (t) => {
  const p = await paths(t);
  // incompressible files of a few MB each, so every layer needs many 1 MB pieces
  const layers = Array.from({ length: 3 }, (_, n) => {
    const files = Array.from({ length: 3 }, () => randomBytes(1_500_000 + n * 70_001));
    const tar = tarBuffer([{ name: 'big/', type: 'directory' }, ...files.map((data, i) => ({ name: `big/f${i}`, data }))]);
    return { files, tar, gz: gzipSync(tar, { level: 1 }) };
  });
  // all at once, then the same again so the second round starts with buffers the first gave back
  const pool = downloadPieces('gzip');
  assert.ok(pool, 'gzip layers are read into pool buffers');
  for (let round = 0; round < 2; round++) {
    const before: number = pool.outstanding;
    await Promise.all(
      layers.map(({ tar, gz }) => ingestLayer(p, { digest: sha256(gz), diffId: sha256(tar), compression: 'gzip' }, pieces(gz), round === 0)),
    );
    // every piece went back once its blob write and gunzip were done with it
    assert.equal(pool.outstanding, before, `round ${round}`);
  }
  for (const { files, tar, gz } of layers) {
    assert.deepEqual(await readFile(join(p.blobs, sha256(gz).slice(7))), gz);
    for (const [i, data] of files.entries()) assert.deepEqual(await readFile(join(p.layers, sha256(tar).slice(7), 'big', `f${i}`)), data);
  }
  assert.deepEqual(await readdir(p.tmp), []);
});
