import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { canReuseGunzip, rawGunzip } from '../../../../src/native/image/unpack/reusing-gunzip.js';

/** what ingest-layer does with a raw gunzip: run until the output no longer fills the buffer */
function reusingGunzip(outSize: number) {
  const raw = rawGunzip();
  if (!raw) return undefined;
  const out = Buffer.allocUnsafe(outSize);
  let bytesIn = 0;
  return {
    get bytesIn() {
      return bytesIn;
    },
    *write(input: Buffer, finish = false): Generator<Buffer> {
      for (let off = 0; ; ) {
        raw.run(input, off, out, finish);
        off += raw.consumed;
        bytesIn += raw.consumed;
        if (raw.produced > 0) yield out.subarray(0, raw.produced);
        if (raw.produced < outSize) return;
      }
    },
    close: () => raw.close(),
  };
}

/** text and incompressible bytes, so both kinds of deflate blocks occur */
function sample(): Buffer {
  return Buffer.concat([Buffer.from('line of text\n'.repeat(200_000)), randomBytes(3 << 20), Buffer.from('tail')]);
}

function gunzipInPieces(gz: Buffer, pieceSize: number, outSize: number): { out: Buffer; views: Buffer[]; bytesIn: number } {
  const g = reusingGunzip(outSize);
  assert.ok(g, 'this Node offers the synchronous zlib handle');
  const parts: Buffer[] = [];
  const views: Buffer[] = [];
  for (let off = 0; off <= gz.length; off += pieceSize) {
    const last = off + pieceSize > gz.length;
    for (const v of g.write(gz.subarray(off, off + pieceSize), last)) {
      views.push(v);
      parts.push(Buffer.from(v));
    }
  }
  const bytesIn = g.bytesIn;
  g.close();
  return { out: Buffer.concat(parts), views, bytesIn };
}

test('gunzips what zlib wrote, fed in pieces of any size', () => {
  const data = sample();
  const gz = gzipSync(data, { level: 1 });
  for (const piece of [1 << 20, 65_536, 4097, 1000]) {
    const { out, bytesIn } = gunzipInPieces(gz, piece, 1 << 20);
    assert.equal(Buffer.compare(out, data), 0, `pieces of ${piece} bytes`);
    assert.equal(bytesIn, gz.length);
  }
});

test('zlib writes into the caller\'s buffer: one buffer serves the whole stream', () => {
  const data = sample();
  const { out, views } = gunzipInPieces(gzipSync(data), 300_000, 256 * 1024);
  assert.equal(Buffer.compare(out, data), 0);
  assert.ok(views.length > data.length / (256 * 1024), `${views.length} pieces`);
  const first = views[0] as Buffer;
  for (const v of views) {
    assert.equal(v.buffer, first.buffer);
    assert.equal(v.byteOffset, first.byteOffset);
  }
});

test('concatenated gzip members come out as one stream, as gunzip -c does', () => {
  const a = Buffer.from('first member\n'.repeat(1000));
  const b = randomBytes(100_000);
  const gz = Buffer.concat([gzipSync(a), gzipSync(b)]);
  const { out } = gunzipInPieces(gz, 7000, 64 * 1024);
  assert.equal(Buffer.compare(out, Buffer.concat([a, b])), 0);
  assert.equal(Buffer.compare(out, gunzipSync(gz)), 0);
});

test('data that is not gzip, and a stream cut short, fail with zlib error codes', () => {
  const notGzip = reusingGunzip(65_536);
  assert.ok(notGzip);
  assert.throws(() => [...notGzip.write(Buffer.from('this is not gzip data at all'), true)], { code: 'Z_DATA_ERROR' });
  notGzip.close();

  const gz = gzipSync(randomBytes(200_000));
  const cut = reusingGunzip(65_536);
  assert.ok(cut);
  assert.throws(() => {
    for (const _ of cut.write(gz.subarray(0, gz.length - 100))) void _;
    for (const _ of cut.write(Buffer.alloc(0), true)) void _;
  }, { code: 'Z_BUF_ERROR' });
  cut.close();
});

test('the probe agrees with what rawGunzip returns', () => {
  const g = rawGunzip();
  assert.equal(canReuseGunzip(), g !== undefined);
  g?.close();
});
