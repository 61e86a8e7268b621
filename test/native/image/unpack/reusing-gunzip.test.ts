import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
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

/** CRC-32 as gzip uses it, to write headers that zlib's own gunzip accepts as well */
function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** a gzip member with every optional header field (extra, name, comment, header CRC) */
function fullHeaderMember(data: Buffer): Buffer {
  const extra = Buffer.from('BE\x04\x00berth', 'latin1');
  const head = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3]),
    Buffer.from([extra.length & 0xff, extra.length >> 8]),
    extra,
    Buffer.from('layer.tar\0comment\0', 'latin1'),
  ]);
  const hcrc = crc32(head) & 0xffff;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([head, Buffer.from([hcrc & 0xff, hcrc >> 8]), deflateRawSync(data), trailer]);
}

test('output that outlasts the input: the last call with no input left may still fill the buffer', () => {
  // highly compressible data: the last input bytes decode into more than one small output buffer
  for (const data of [Buffer.alloc(300_000, 'a'), Buffer.from('abcabcabd'.repeat(40_000))]) {
    const gz = gzipSync(data, { level: 9 });
    for (const [piece, outSize] of [[gz.length, 7], [gz.length, 1000], [64, 1000], [1, 4096]] as const) {
      const { out } = gunzipInPieces(gz, piece, outSize);
      assert.equal(Buffer.compare(out, data), 0, `pieces of ${piece}, output buffers of ${outSize}`);
    }
  }
});

test('a truncated stream hands out what it holds before its error, also when the cut piece is the last', () => {
  const gz = gzipSync(Buffer.alloc(300_000, 'a'), { level: 9 });
  const cut = gz.subarray(0, 40);
  // one-byte buffers: a call that fills one returns it, so no decoded byte is lost to the error
  const decoded = (markedLast: boolean): number => {
    const g = reusingGunzip(1);
    assert.ok(g);
    let n = 0;
    assert.throws(() => {
      for (const v of g.write(cut, markedLast)) n += v.length;
      for (const v of g.write(Buffer.alloc(0), true)) n += v.length;
    }, { code: 'Z_BUF_ERROR' });
    g.close();
    return n;
  };
  const all = decoded(false);
  assert.ok(all > 1000, `${all} bytes`);
  assert.equal(decoded(true), all);
});

test('every optional header field is stepped over, also when the header comes a byte at a time', () => {
  const data = Buffer.concat([Buffer.from('header fields\n'.repeat(500)), randomBytes(5000)]);
  const gz = Buffer.concat([fullHeaderMember(data), gzipSync(Buffer.from('second'))]);
  assert.equal(Buffer.compare(gunzipSync(gz), Buffer.concat([data, Buffer.from('second')])), 0, 'zlib reads the sample as well');
  for (const piece of [1, 3, gz.length]) {
    const { out, bytesIn } = gunzipInPieces(gz, piece, 4096);
    assert.equal(Buffer.compare(out, Buffer.concat([data, Buffer.from('second')])), 0, `pieces of ${piece} bytes`);
    assert.equal(bytesIn, gz.length);
  }
});

test('a header that never ends (a name without its zero byte) is refused once it passes the bound', () => {
  const g = reusingGunzip(4096);
  assert.ok(g);
  const head = Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]);
  const name = Buffer.alloc(64 * 1024, 0x61);
  assert.throws(() => {
    for (const _ of g.write(head)) void _;
    // 17 pieces of 64 KB: past the 1 MB a header may buffer, long before the stream's end
    for (let i = 0; i < 17; i++) for (const _ of g.write(name)) void _;
  }, { code: 'Z_DATA_ERROR', message: 'gzip header too long' });
  g.close();
});

test('zero bytes after the last member are padding; other bytes are an error, as for zlib', () => {
  const data = randomBytes(50_000);
  const padded = Buffer.concat([gzipSync(data), Buffer.alloc(1024)]);
  assert.equal(Buffer.compare(gunzipInPieces(padded, 10_000, 65_536).out, data), 0);
  assert.equal(Buffer.compare(gunzipSync(padded), data), 0);

  const trailing = Buffer.concat([gzipSync(data), Buffer.from('garbage')]);
  assert.throws(() => gunzipInPieces(trailing, 10_000, 65_536), { code: 'Z_DATA_ERROR' });
  assert.throws(() => gunzipSync(trailing), { code: 'Z_DATA_ERROR' });
});

test('a member cut before or inside its trailer fails with Z_BUF_ERROR', () => {
  const gz = gzipSync(randomBytes(20_000));
  for (const cut of [8, 3]) assert.throws(() => gunzipInPieces(gz.subarray(0, gz.length - cut), 4000, 65_536), { code: 'Z_BUF_ERROR' }, `cut ${cut}`);
  assert.throws(() => gunzipInPieces(gz.subarray(0, 6), 4000, 65_536), { code: 'Z_BUF_ERROR' }, 'cut in the header');
  assert.throws(() => gunzipInPieces(Buffer.alloc(0), 4000, 65_536), { code: 'Z_BUF_ERROR' }, 'empty');
});

test('the trailer\'s CRC-32 is not computed: the diff id checks the bytes instead', () => {
  const data = randomBytes(30_000);
  const gz = gzipSync(data);
  // flip the stored CRC; the inflated bytes are still exactly the data
  gz[gz.length - 8] = (gz[gz.length - 8] as number) ^ 0xff;
  assert.throws(() => gunzipSync(gz), { code: 'Z_DATA_ERROR' }, 'zlib\'s gunzip checks it');
  assert.equal(Buffer.compare(gunzipInPieces(gz, 8000, 65_536).out, data), 0);
});

/** a small seeded generator: the same cases on every run */
function seeded(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n) as number;
  };
}

test('agrees with zlib\'s gunzip on members, padding, cuts and trailing bytes, in any piece and buffer sizes', () => {
  const rnd = seeded(20261128);
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rnd(256)));
  const outcome = (f: () => Buffer): Buffer | string => {
    try {
      return f();
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? String(err);
    }
  };
  for (let i = 0; i < 400; i++) {
    const members = Array.from({ length: 1 + rnd(3) }, () => {
      const kind = rnd(3);
      const data = kind === 0 ? bytes(rnd(3000)) : kind === 1 ? Buffer.alloc(rnd(40_000), 'x') : Buffer.from('abc'.repeat(rnd(3000)));
      return gzipSync(data, { level: rnd(10) });
    });
    let gz = Buffer.concat(members);
    const change = rnd(4);
    // zero padding; a cut anywhere; two or more trailing bytes (one byte is an error for both, reported differently)
    if (change === 1) gz = Buffer.concat([gz, Buffer.alloc(1 + rnd(20))]);
    else if (change === 2) gz = gz.subarray(0, rnd(gz.length));
    else if (change === 3) gz = Buffer.concat([gz, bytes(2 + rnd(20))]);
    const piece = [1, 7, 100, 4096, gz.length + 1][rnd(5)] as number;
    const outSize = [1, 3, 64, 1000, 65_536][rnd(5)] as number;
    const ours = outcome(() => gunzipInPieces(gz, piece, outSize).out);
    const zlib = outcome(() => gunzipSync(gz));
    const what = `case ${i}: ${members.length} member(s), change ${change}, pieces of ${piece}, buffers of ${outSize}`;
    if (typeof zlib === 'string' || typeof ours === 'string') assert.equal(ours, zlib, what);
    else assert.equal(Buffer.compare(ours, zlib), 0, what);
  }
});

test('the probe agrees with what rawGunzip returns', () => {
  const g = rawGunzip();
  assert.equal(canReuseGunzip(), g !== undefined);
  g?.close();
});
