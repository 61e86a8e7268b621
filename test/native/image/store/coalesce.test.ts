import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { coalesce, JoinPool, PAGE } from '../../../../src/native/image/store/coalesce.js';

const SIZE = 1 << 16;

async function* from(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

async function collect(src: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of src) out.push(Buffer.from(b)); // a copy: pool pieces may be reused later
  return out;
}

test('pieces joined into pool buffers hold the same bytes, full-size except the last, page-aligned', async () => {
  const data = randomBytes(SIZE * 3 + 1234);
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += 5000) chunks.push(data.subarray(i, i + 5000));
  const pool = new JoinPool(SIZE);
  const seen: Buffer[] = [];
  for await (const piece of coalesce(from(chunks), SIZE, pool)) {
    assert.ok(pool.owns(piece), 'a joined piece comes from the pool');
    assert.equal(piece.byteOffset % PAGE, 0);
    seen.push(Buffer.from(piece));
    pool.give(piece);
  }
  assert.deepEqual(seen.map((b) => b.length), [SIZE, SIZE, SIZE, 1234]);
  assert.deepEqual(Buffer.concat(seen), data);
});

test('a piece given back is the next one handed out; one not given back never is', async () => {
  const pool = new JoinPool(SIZE, 1);
  const a = pool.take();
  pool.give(a);
  const b = pool.take();
  assert.equal(b.buffer, a.buffer);
  assert.equal(b.byteOffset, a.byteOffset);
  const c = pool.take();
  assert.notEqual(c.buffer, b.buffer, 'b is still out, so c is another buffer');
  // foreign buffers and slices that are not whole pool buffers are ignored
  pool.give(Buffer.alloc(SIZE));
  pool.give(c.subarray(100));
  assert.equal(pool.idle, 0);
});

test('chunks already as big as a piece pass as they are, unless a pool wants its own pieces', async () => {
  const big = randomBytes(SIZE + 10);
  const small = [randomBytes(100), randomBytes(200)];
  const passed: Buffer[] = [];
  for await (const p of coalesce(from([big, ...small]), SIZE)) passed.push(p);
  assert.equal(passed[0], big, 'without a pool, a chunk of a full piece or more is not copied');
  assert.deepEqual(Buffer.concat(passed.slice(1)), Buffer.concat(small));
  assert.deepEqual(Buffer.concat(await collect(coalesce(from(small), SIZE))), Buffer.concat(small));

  const pool = new JoinPool(SIZE);
  const own = pool.take();
  randomBytes(SIZE).copy(own);
  // nothing is given back, so no piece is reused while collected
  const pooled: Buffer[] = [];
  for await (const p of coalesce(from([own, big, ...small]), SIZE, pool)) pooled.push(p);
  assert.equal(pooled[0], own, "the pool's own piece is not copied");
  // anything else lands in pool pieces (whose memory another thread may share)
  for (const p of pooled) assert.ok(pool.owns(p));
  assert.deepEqual(Buffer.concat(pooled.slice(1)), Buffer.concat([big, ...small]));
});

test("a pool piece that is copied from (a download's short last piece) goes back to the pool", async () => {
  const pool = new JoinPool(SIZE, 1);
  const first = pool.take();
  randomBytes(SIZE).copy(first);
  const short = pool.take().subarray(0, 1000);
  randomBytes(1000).copy(short);
  const expected = Buffer.concat([first, short]);
  const out: Buffer[] = [];
  for await (const p of coalesce(from([first, short]), SIZE, pool)) out.push(Buffer.from(p));
  assert.deepEqual(Buffer.concat(out), expected);
  // `first` passed as it is (the consumer gives it back); `short` was copied, and is back already
  assert.equal(pool.idle, 1);
  assert.equal(pool.outstanding, 2, 'first and the piece short was copied into');
});

test('a pool refuses piece sizes that WebAssembly memory cannot slice into', () => {
  assert.throws(() => new JoinPool(1000), /not a multiple of 64 KB/);
});
