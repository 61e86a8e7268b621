/**
 * Certificates the bin deferred (NODE_EXTRA_CA_CERTS handed over by src/cli/launcher.cjs) are
 * trusted by each TLS client Berth has: the registry's requests, its piece reader and the
 * Docker Engine client. Each case runs in a child process that node started without the
 * variable, against a local HTTPS server whose self-signed certificate is the "extra" CA;
 * the same request without the hand-over must fail, or the test proves nothing.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pemCertificates } from '../../src/tls/extra-ca.js';
import { testdir } from '../helpers/testdir.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

test('pemCertificates keeps only the certificates of a bundle', () => {
  const cert = (n: string) => `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----`;
  assert.deepEqual(pemCertificates(`# a comment\n${cert('AAA')}\nnoise\n${cert('BBB')}\n`), [cert('AAA'), cert('BBB')]);
  assert.deepEqual(pemCertificates('nothing here'), []);
});

const child = `
import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
const src = process.env.SRC;
const { request } = await import(src + 'native/registry/http-transport.js');
const { getIntoPieces } = await import(src + 'native/registry/piece-get.js');
const { JoinPool } = await import(src + 'native/image/store/coalesce.js');
const { EngineClient } = await import(src + 'docker/engine-client.js');
const { trustedCaList } = await import(src + 'tls/extra-ca.js');
if (process.env.HAND_OVER) process[Symbol.for('berth.deferredExtraCaCerts')] = process.env.HAND_OVER;
const dir = process.env.CERT_DIR;
const server = createServer({ key: readFileSync(dir + '/key.pem'), cert: readFileSync(dir + '/cert.pem') }, (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' }).end('{}');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) { return e.code ?? e.cause?.code ?? String(e.message); } };
const result = {
  request: await outcome(async () => { const r = await request('https://127.0.0.1:' + port + '/v2/'); r.body.resume(); }),
  pieces: await outcome(async () => { const r = await getIntoPieces('https://127.0.0.1:' + port + '/blob', {}, new JoinPool(1 << 16)); r.body.resume(); }),
  engine: await outcome(async () => { const c = new EngineClient({ display: 'test', options: { host: '127.0.0.1', port, protocol: 'https' } }); try { await c.get('/_ping'); } finally { await c.close(); } }),
  // dockerode takes this list as its ca
  dockerode: (trustedCaList() ?? []).some((c) => c.trim() === readFileSync(dir + '/cert.pem', 'utf8').trim()) ? 'ok' : 'self-signed certificate not in the list',
};
server.close();
console.log(JSON.stringify(result));
`;

function haveOpenssl(t: TestContext): boolean {
  if (spawnSync('openssl', ['version']).status === 0) return true;
  if (process.env.CI === 'true') assert.fail('the openssl command is missing (Debian package openssl)');
  t.skip('the openssl command is missing');
  return false;
}

function runChild(dir: string, handOver: string | undefined, stderr?: (text: string) => void): Record<string, string> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', SRC, CERT_DIR: dir };
  if (handOver) env.HAND_OVER = handOver;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  stderr?.(r.stderr);
  return JSON.parse(r.stdout) as Record<string, string>;
}

test('handed-over certificates are trusted by the registry and Engine clients, and only they', (t) => {
  if (!haveOpenssl(t)) return;
  const dir = testdir({}, t);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  assert.deepEqual(runChild(dir, join(dir, 'cert.pem')), { request: 'ok', pieces: 'ok', engine: 'ok', dockerode: 'ok' });
  const untrusted = runChild(dir, undefined);
  for (const [client, outcome] of Object.entries(untrusted)) assert.match(outcome, /SELF_SIGNED|self.signed/i, client);
});

test('a handed-over file that cannot be read is reported once and ignored, as node does', (t) => {
  if (!haveOpenssl(t)) return;
  const dir = testdir({}, t);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  let stderr = '';
  const outcome = runChild(dir, join(dir, 'missing.pem'), (text) => (stderr = text));
  for (const [client, o] of Object.entries(outcome)) assert.match(o, /SELF_SIGNED|self.signed/i, client);
  assert.equal(stderr.match(/ignoring extra certificates from \S*missing\.pem/g)?.length, 1, stderr);
});
