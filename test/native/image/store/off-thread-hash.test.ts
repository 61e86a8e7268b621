import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { OffThreadHash } from '../../../../src/native/image/store/off-thread-hash.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function shared(data: Buffer): Buffer {
  const b = Buffer.from(new SharedArrayBuffer(data.length));
  data.copy(b);
  return b;
}

test('pieces of shared memory are hashed on the thread, in order, each reported once hashed', async () => {
  const data = randomBytes(3_000_000);
  const h = new OffThreadHash();
  const reported: number[] = [];
  const pieces = [0, 700_000, 1_400_000, 2_999_999].map((at, i, all) => shared(data.subarray(at, all[i + 1] ?? data.length)));
  pieces.forEach((p, i) => h.update(p, () => reported.push(i)));
  assert.equal(h.where, 'thread');
  const digest = await h.digest();
  assert.equal(digest, sha(data));
  // every piece was reported before the digest came back, and in order
  assert.deepEqual(reported, [0, 1, 2, 3]);
});

test('a piece may change once reported: the digest covers what it held before', async () => {
  const data = randomBytes(1_000_000);
  const piece = shared(data);
  const h = new OffThreadHash();
  await new Promise<void>((done) => h.update(piece, done));
  piece.fill(0);
  assert.equal(await h.digest(), sha(data));
});

test('ordinary buffers are hashed here, at once', async () => {
  const data = randomBytes(100_000);
  const h = new OffThreadHash();
  let reported = false;
  h.update(data, () => (reported = true));
  assert.equal(reported, true);
  assert.equal(h.where, 'here');
  assert.equal(await h.digest(), sha(data));
  assert.equal(await new OffThreadHash().digest(), sha(Buffer.alloc(0)));
});

test('a process whose streams are done, or ended without their digest, exits without closing anything', async () => {
  const mod = new URL('../../../../src/native/image/store/off-thread-hash.js', import.meta.url).href;
  const script = `
    const { OffThreadHash } = await import(${JSON.stringify(mod)});
    const piece = Buffer.from(new SharedArrayBuffer(1024));
    const a = new OffThreadHash();
    a.update(piece, () => {});
    console.log(await a.digest());
    const b = new OffThreadHash();
    b.update(piece, () => {});
    b.end();`;
  // a process the thread kept alive would be killed by the timeout, and fail
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  assert.equal(out.trim(), sha(Buffer.alloc(1024)));
});
