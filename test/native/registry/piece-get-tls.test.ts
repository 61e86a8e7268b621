/**
 * The registry clients over TLS (piece-get's plain-200 path, and http-transport for the
 * other requests), in child processes: a self-signed certificate can only be trusted
 * through NODE_EXTRA_CA_CERTS, which Node reads at start-up. Needs the openssl command to
 * make the certificate.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const pieceGet = join(here, '../../../src/native/registry/piece-get.js');
const coalesce = join(here, '../../../src/native/image/store/coalesce.js');
const transport = join(here, '../../../src/native/registry/http-transport.js');

const child = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
const { getIntoPieces } = await import(process.env.PIECE_GET);
const { JoinPool } = await import(process.env.COALESCE);
const dir = process.env.CERT_DIR;
const data = randomBytes((1 << 16) * 3 + 12345);
const server = createServer({ key: readFileSync(dir + '/key.pem'), cert: readFileSync(dir + '/cert.pem') }, (req, res) => {
  res.writeHead(200, { 'content-length': String(data.length) }).end(data);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const pool = new JoinPool(1 << 16);
const res = await getIntoPieces('https://127.0.0.1:' + server.address().port + '/blob', {}, pool);
const pieces = [];
for await (const p of res.body) pieces.push(p);
server.close();
const sha = (b) => createHash('sha256').update(b).digest('hex');
console.log(JSON.stringify({ status: res.status, sizes: pieces.map((p) => p.length), owned: pieces.every((p) => pool.owns(p)), same: sha(Buffer.concat(pieces)) === sha(data) }));
`;

/** a self-signed certificate for 127.0.0.1 in a directory removed after the test; undefined when skipped */
async function certificate(t: TestContext): Promise<string | undefined> {
  if (spawnSync('openssl', ['version']).status !== 0) {
    if (process.env.CI === 'true') assert.fail('the openssl command is missing (Debian package openssl)');
    t.skip('the openssl command is missing');
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'berth-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return dir;
}

function runChild(script: string, dir: string): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'), CERT_DIR: dir, PIECE_GET: pieceGet, COALESCE: coalesce, TRANSPORT: transport },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('over TLS, a plain 200 also arrives in whole pool pieces with the bytes intact', async (t) => {
  const dir = await certificate(t);
  if (!dir) return;
  assert.deepEqual(runChild(child, dir), { status: 200, sizes: [65536, 65536, 65536, 12345], owned: true, same: true });
});

const transportChild = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
const { request } = await import(process.env.TRANSPORT);
const dir = process.env.CERT_DIR;
const server = createServer({ key: readFileSync(dir + '/key.pem'), cert: readFileSync(dir + '/cert.pem') }, (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, auth: req.headers.authorization }));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const res = await request('https://127.0.0.1:' + server.address().port + '/v2/r/manifests/1', { headers: { authorization: 'Bearer t' } });
let body = '';
for await (const chunk of res.body) body += String(chunk);
server.close();
console.log(JSON.stringify({ status: res.status, body: JSON.parse(body) }));
`;

test('over TLS, a registry request through the transport gets its answer', async (t) => {
  const dir = await certificate(t);
  if (!dir) return;
  assert.deepEqual(runChild(transportChild, dir), { status: 200, body: { path: '/v2/r/manifests/1', auth: 'Bearer t' } });
});
