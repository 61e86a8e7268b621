import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient, EngineHttpError, requestPath } from '../../src/docker/engine-client.js';
import { call } from '../../src/docker/engine-error.js';
import { RuntimeError } from '../../src/errors.js';

interface Seen {
  method?: string;
  url?: string;
  body: string;
  type?: string;
}

/** A stand-in Engine on a unix socket: answers by path, records what it was sent. */
async function fakeEngine(t: { after(fn: () => unknown): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'bt-engine-'));
  const socketPath = join(dir, 'engine.sock');
  const seen: Seen[] = [];
  const sockets = new Set<unknown>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), type: req.headers['content-type'] });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/containers/json') return json(res, 200, [{ Id: 'a' }]);
      if (path === '/containers/create') return json(res, 201, { Id: 'new', Warnings: [] });
      if (path === '/containers/x/start') return void res.writeHead(304).end();
      if (path === '/containers/gone/json') return json(res, 404, { message: 'No such container: gone' });
      if (path === '/plain') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('page not found\n');
      res.writeHead(204).end();
    });
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const engine = new EngineClient({ display: `unix://${socketPath}`, options: { socketPath } });
  t.after(async () => {
    await engine.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  return { engine, seen, sockets };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

test('requestPath keeps defined query values in order and encodes them', () => {
  assert.equal(requestPath('/containers/json'), '/containers/json');
  assert.equal(requestPath('/containers/x/stop', { t: undefined }), '/containers/x/stop');
  assert.equal(
    requestPath('/containers/json', { all: true, filters: '{"label":["a=b"]}' }),
    '/containers/json?all=true&filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D',
  );
});

test('a JSON answer is parsed; a body goes out as JSON with the query alongside', async (t) => {
  const { engine, seen } = await fakeEngine(t);
  assert.deepEqual(await engine.get('/containers/json', { query: { all: true } }), [{ Id: 'a' }]);
  const created = await engine.post<{ Id: string }>('/containers/create', { query: { name: 'p-web-1' }, body: { Image: 'busybox' } });
  assert.equal(created.Id, 'new');
  assert.equal(seen[1]?.url, '/containers/create?name=p-web-1');
  assert.equal(seen[1]?.type, 'application/json');
  assert.deepEqual(JSON.parse(seen[1]?.body ?? ''), { Image: 'busybox' });
  assert.equal(await engine.delete('/containers/x', { query: { force: true, v: false } }), undefined);
  assert.equal(seen[2]?.url, '/containers/x?force=true&v=false');
});

test('calls share one kept-alive connection', async (t) => {
  const { engine, sockets } = await fakeEngine(t);
  for (let i = 0; i < 3; i++) await engine.get('/containers/json');
  assert.equal(sockets.size, 1);
});

test('failures carry the status and the Engine message, as dockerode errors do', async (t) => {
  const { engine } = await fakeEngine(t);
  await assert.rejects(engine.get('/containers/gone/json'), (err: unknown) => {
    assert.ok(err instanceof EngineHttpError);
    assert.equal(err.statusCode, 404);
    assert.equal(err.json?.message, 'No such container: gone');
    return true;
  });
  await assert.rejects(call('inspect container gone', () => engine.get('/containers/gone/json')), (err: unknown) => {
    assert.ok(err instanceof RuntimeError);
    assert.equal(err.message, 'inspect container gone: No such container: gone');
    return true;
  });
  await assert.rejects(engine.get('/plain'), (err: unknown) => {
    assert.ok(err instanceof EngineHttpError);
    assert.equal(err.json?.message, 'page not found');
    return true;
  });
});

test('304 is a failure callers can list as "already so"', async (t) => {
  const { engine } = await fakeEngine(t);
  await assert.rejects(engine.post('/containers/x/start'), (err: unknown) => (err as EngineHttpError).statusCode === 304);
  assert.equal(await call('start container x', () => engine.post('/containers/x/start'), [304]), undefined);
});

test('an aborted request rejects', async (t) => {
  const { engine } = await fakeEngine(t);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(engine.post('/containers/x/wait', { signal: controller.signal }), { name: 'AbortError' });
});
