import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { getIntoPieces, partialPiece } from '../../../src/native/registry/piece-get.js';
import { request } from '../../../src/native/registry/http-transport.js';
import { JoinPool } from '../../../src/native/image/store/coalesce.js';

const SIZE = 1 << 16;

interface Seen { readonly path: string; readonly authorization?: string }

async function serve(t: { after: (fn: () => Promise<void>) => void }, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { seen, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of body) out.push(b);
  return out;
}

test('a plain 200 arrives in whole pool pieces, straight from the socket, with the bytes intact', async (t) => {
  const data = randomBytes(SIZE * 5 + 999);
  const srv = await serve(t, (_req, res) => res.writeHead(200, { 'content-length': String(data.length) }).end(data));
  const pool = new JoinPool(SIZE);
  const res = await getIntoPieces(`${srv.base}/v2/r/blobs/x`, { authorization: 'Bearer t' }, pool);
  assert.ok(res);
  assert.equal(res.status, 200);
  assert.equal(res.header('Content-Length'), String(data.length));
  const pieces = await readAll(res.body as AsyncIterable<Buffer>);
  assert.deepEqual(pieces.map((p) => p.length), [SIZE, SIZE, SIZE, SIZE, SIZE, 999]);
  assert.ok(pieces.every((p) => pool.owns(p)), 'every piece is a pool buffer, not a copy');
  assert.deepEqual(Buffer.concat(pieces), data);
  assert.deepEqual(srv.seen, [{ path: '/v2/r/blobs/x', authorization: 'Bearer t' }]);
});

test('redirects are followed, credentials only to the same origin; an empty body ends at once', async (t) => {
  const storage = await serve(t, (req, res) => res.writeHead(200, { 'content-length': req.url === '/empty' ? '0' : '5' }).end(req.url === '/empty' ? '' : 'bytes'));
  const registry = await serve(t, (req, res) => {
    if (req.url === '/a') return res.writeHead(307, { location: '/b' }).end();
    res.writeHead(302, { location: `${storage.base}${req.url === '/b' ? '/obj' : '/empty'}` }).end();
  });
  const res = await getIntoPieces(`${registry.base}/a`, { authorization: 'Bearer t' }, new JoinPool(SIZE));
  assert.equal(res?.url, `${storage.base}/obj`);
  assert.equal(Buffer.concat(await readAll(res?.body as AsyncIterable<Buffer>)).toString(), 'bytes');
  assert.deepEqual(registry.seen, [{ path: '/a', authorization: 'Bearer t' }, { path: '/b', authorization: 'Bearer t' }]);
  assert.deepEqual(storage.seen, [{ path: '/obj' }]);
  const empty = await getIntoPieces(`${registry.base}/c`, {}, new JoinPool(SIZE));
  assert.deepEqual(await readAll(empty?.body as AsyncIterable<Buffer>), []);
});

test('anything but the plain case is left to node:http: errors, chunked bodies, content codings', async (t) => {
  const srv = await serve(t, (req, res) => {
    if (req.url === '/401') return res.writeHead(401, { 'www-authenticate': 'Bearer realm="x"' }).end('{}');
    if (req.url === '/chunked') {
      res.writeHead(200);
      res.write('part one ');
      return res.end('part two');
    }
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': '3' }).end('abc');
  });
  for (const path of ['/401', '/chunked', '/coded']) assert.equal(await getIntoPieces(`${srv.base}${path}`, {}, new JoinPool(SIZE)), undefined, path);
  // through request(), the same URLs are answered as before
  const r401 = await request(`${srv.base}/401`, { pieces: new JoinPool(SIZE) });
  assert.equal(r401.status, 401);
  r401.body.resume();
  const chunked = await request(`${srv.base}/chunked`, { pieces: new JoinPool(SIZE) });
  assert.equal(Buffer.concat(await readAll(chunked.body)).toString(), 'part one part two');
});

test('a connection that closes before the announced length is an error of the body', async (t) => {
  const server = createTcpServer((s: Socket) => {
    s.once('data', () => s.end('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n' + 'x'.repeat(70_000)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const res = await getIntoPieces(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, {}, new JoinPool(SIZE));
  const got: Buffer[] = [];
  let error: unknown;
  try {
    for await (const b of res?.body as AsyncIterable<Buffer>) got.push(b);
  } catch (err) {
    error = err;
  }
  assert.match(String(error), /closed the connection after 70000 of 100000 bytes/);
  // the whole piece was delivered; the rest rides on the error, so a retry can resume after all 70000
  assert.deepEqual(got.map((b) => b.length), [SIZE]);
  assert.equal(partialPiece(error)?.toString(), 'x'.repeat(70_000 - SIZE));
});

test('an abort stops the download; header values cannot smuggle lines', async (t) => {
  const srv = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-length': String(SIZE * 100) });
    res.write(Buffer.alloc(SIZE * 2));
  });
  const ctl = new AbortController();
  const res = await getIntoPieces(`${srv.base}/slow`, {}, new JoinPool(SIZE), ctl.signal);
  const reading = readAll(res?.body as AsyncIterable<Buffer>);
  ctl.abort(new Error('stopped by the test'));
  await assert.rejects(reading, /stopped by the test/);
  await assert.rejects(getIntoPieces(`${srv.base}/x`, { range: 'bytes=0-\r\nx-evil: 1' }, new JoinPool(SIZE)), /line breaks are not allowed/);
});
