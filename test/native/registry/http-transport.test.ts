import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, toResponse } from '../../../src/native/registry/http-transport.js';

interface Seen { readonly path: string; readonly method: string; readonly authorization?: string }

async function serve(t: { after: (fn: () => Promise<void>) => void }, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', method: req.method ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { seen, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('redirects are followed; the Authorization header goes to the same origin only', async (t) => {
  const storage = await serve(t, (_req, res) => res.end('blob bytes'));
  const registry = await serve(t, (req, res) => {
    if (req.url === '/v2/r/blobs/local') return res.writeHead(307, { location: '/v2/r/blobs/here' }).end();
    if (req.url === '/v2/r/blobs/here') return res.writeHead(302, { location: `${storage.base}/bucket/x?sig=1` }).end();
    res.writeHead(404).end();
  });
  const res = await request(`${registry.base}/v2/r/blobs/local`, { headers: { authorization: 'Bearer secret', range: 'bytes=3-' } });
  assert.equal(res.status, 200);
  assert.equal(res.url, `${storage.base}/bucket/x?sig=1`);
  let body = '';
  for await (const chunk of res.body) body += String(chunk);
  assert.equal(body, 'blob bytes');
  assert.deepEqual(registry.seen.map((s) => s.authorization), ['Bearer secret', 'Bearer secret']);
  assert.deepEqual(storage.seen, [{ path: '/bucket/x?sig=1', method: 'GET' }]);
});

test('a raw response reads like fetch\'s Response; HEAD and 204 have no body', async (t) => {
  const srv = await serve(t, (req, res) => {
    if (req.url === '/empty') return res.writeHead(204).end();
    if (req.url === '/missing') return res.writeHead(404, 'Not Found').end('no such thing');
    res.writeHead(200, { 'content-type': 'application/json', 'docker-content-digest': 'sha256:abc' });
    res.end(req.method === 'HEAD' ? undefined : '{"a":1}');
  });
  const json = toResponse(await request(`${srv.base}/doc`));
  assert.equal(json.ok, true);
  assert.equal(json.headers.get('Docker-Content-Digest'), 'sha256:abc');
  assert.equal(json.headers.get('x-absent'), null);
  assert.deepEqual(await json.json(), { a: 1 });
  await assert.rejects(json.text(), /already read/);
  const bytes = toResponse(await request(`${srv.base}/doc`));
  assert.equal(Buffer.from(await bytes.arrayBuffer()).toString(), '{"a":1}');
  const missing = toResponse(await request(`${srv.base}/missing`));
  assert.equal(missing.ok, false);
  assert.equal(missing.status, 404);
  assert.equal(missing.statusText, 'Not Found');
  assert.equal(await missing.text(), 'no such thing');
  const dropped = toResponse(await request(`${srv.base}/doc`));
  await dropped.body?.cancel();
  const head = toResponse(await request(`${srv.base}/doc`, { method: 'HEAD' }), 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
  const empty = toResponse(await request(`${srv.base}/empty`, { method: 'DELETE' }), 'DELETE');
  assert.equal(empty.status, 204);
  assert.equal(empty.body, null);
});

test('a registry request and its JSON answer do not load Node\'s fetch implementation', async (t) => {
  // the global Response or Headers would load it: ~45 ms at every pull's start
  const srv = await serve(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  const transport = new URL('../../../src/native/registry/http-transport.js', import.meta.url).href;
  const script = `
    const { request, toResponse } = await import(${JSON.stringify(transport)});
    const res = toResponse(await request(${JSON.stringify(`${srv.base}/v2/`)}));
    const body = await res.json();
    console.log(JSON.stringify({ body, undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));`;
  const { execFile } = await import('node:child_process');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  assert.deepEqual(JSON.parse(out), { body: { ok: true }, undici: [] });
});

test('a streamed upload is sent; an abort and a refused connection are errors', async (t) => {
  let received = '';
  const srv = await serve(t, (req, res) => {
    req.on('data', (c: Buffer) => (received += c.toString()));
    req.on('end', () => res.writeHead(201).end());
  });
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(Buffer.from('part one, '));
      c.enqueue(Buffer.from('part two'));
      c.close();
    },
  });
  const res = await request(`${srv.base}/upload`, { method: 'PUT', headers: { 'content-length': '18' }, body });
  res.body.resume();
  assert.equal(res.status, 201);
  assert.equal(received, 'part one, part two');
  await assert.rejects(request(`${srv.base}/x`, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  // a port nobody listens on any more
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const port = (gone.address() as AddressInfo).port;
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  await assert.rejects(request(`http://127.0.0.1:${port}/x`), { code: 'ECONNREFUSED' });
});
