import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { gzipHeaderLength } from '../../../../src/native/image/unpack/gzip-member.js';

test('a plain header is 10 bytes; fewer bytes are not yet a header', () => {
  const gz = gzipSync(Buffer.from('x'));
  assert.equal(gzipHeaderLength(gz), 10);
  for (let n = 0; n < 10; n++) assert.equal(gzipHeaderLength(gz.subarray(0, n)), undefined, `${n} bytes`);
});

test('optional fields add their lengths; a name without its zero byte is not complete', () => {
  const base = [0x1f, 0x8b, 8];
  const extra = Buffer.from([...base, 0x04, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3]);
  assert.equal(gzipHeaderLength(extra), 15);
  assert.equal(gzipHeaderLength(extra.subarray(0, 14)), undefined);
  const named = Buffer.from([...base, 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3, 0x61, 0x62, 0, 0x63, 0, 9, 9, 0x55]);
  assert.equal(gzipHeaderLength(named), 17, 'a trailing byte is not the header\'s');
  assert.equal(gzipHeaderLength(named.subarray(0, 12)), undefined, 'inside the name');
  assert.equal(gzipHeaderLength(named.subarray(0, 16)), undefined, 'inside the header CRC');
});

test('bytes that are not a gzip header fail as zlib fails them', () => {
  assert.throws(() => gzipHeaderLength(Buffer.from('PK\x03\x04')), { code: 'Z_DATA_ERROR', message: 'incorrect header check' });
  assert.throws(() => gzipHeaderLength(Buffer.from([0x1f, 0x8b, 7])), { code: 'Z_DATA_ERROR', message: 'unknown compression method' });
  assert.throws(() => gzipHeaderLength(Buffer.from([0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3])), { code: 'Z_DATA_ERROR', message: 'unknown header flags set' });
  // the first byte alone decides: no waiting for more data that cannot help
  assert.throws(() => gzipHeaderLength(Buffer.from([0x50])), { code: 'Z_DATA_ERROR' });
});
