import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { connectDocker, endpointFromEnv } from '../../src/docker/connect.js';
import { createDockerRuntime, type DockerRuntime } from '../../src/docker/docker-runtime.js';
import type { OpenOptions } from '../../src/runtime/select.js';
import { RuntimeError } from '../../src/errors.js';
import { call } from '../../src/docker/engine-error.js';

test('no daemon answering is one clear error naming where we looked, from the first call', async () => {
  // connecting costs no round trip of its own
  const { engine } = await connectDocker({ DOCKER_HOST: 'unix:///nonexistent/bt-docker.sock' });
  try {
    await assert.rejects(engine.get('/containers/json'), (err: unknown) => {
      assert.ok(err instanceof RuntimeError);
      assert.match(err.message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/bt-docker.sock: is dockerd running\? \(.*ENOENT/);
      return true;
    });
    // whatever call meets it first, the message is the same, not prefixed with the call
    await assert.rejects(call('list containers of project p', () => engine.get('/containers/json')), (err: unknown) => {
      assert.match((err as Error).message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent/);
      return true;
    });
  } finally {
    await engine.close();
  }
  const tcp = await connectDocker({ DOCKER_HOST: 'tcp://127.0.0.1:1' });
  try {
    await assert.rejects(tcp.engine.get('/_ping'), /^NoDaemonError: cannot connect to the Docker daemon at tcp:\/\/127.0.0.1:1: is dockerd running\? \(.*ECONNREFUSED/);
  } finally {
    await tcp.engine.close();
  }
});

test('TLS is on when DOCKER_TLS_VERIFY has any value, with certificates from DOCKER_CERT_PATH or ~/.docker', () => {
  const verify = endpointFromEnv({ DOCKER_HOST: 'tcp://10.0.0.1', DOCKER_TLS_VERIFY: 'yes', DOCKER_CERT_PATH: '/certs', HOME: '/home/u' });
  assert.deepEqual(verify, { display: 'tcp://10.0.0.1', options: { host: '10.0.0.1', port: 2376, protocol: 'https' }, certDir: '/certs' });
  assert.equal(endpointFromEnv({ DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', HOME: '/home/u' }).certDir, '/home/u/.docker');
  const plain = endpointFromEnv({ DOCKER_HOST: 'tcp://10.0.0.1', DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '/certs' });
  assert.deepEqual(plain, { display: 'tcp://10.0.0.1', options: { host: '10.0.0.1', port: 2375, protocol: 'http' } });
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate it signed, made by openssl. */
function certificates(t: TestContext): string | undefined {
  if (spawnSync('openssl', ['version']).status !== 0) {
    if (process.env.CI === 'true') assert.fail('the openssl command is missing (Debian package openssl)');
    t.skip('the openssl command is missing');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bt-engine-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=bt-test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server-cert.pem');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=bt-client', '-keyout', 'key.pem', '-out', 'client.csr');
  ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-out', 'cert.pem');
  return dir;
}

/** A stand-in Engine over TLS that only answers clients with a certificate from the CA; it says whose. */
async function tlsEngine(t: TestContext, dir: string): Promise<number> {
  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'server-key.pem')), cert: readFileSync(join(dir, 'server-cert.pem')), ca: readFileSync(join(dir, 'ca.pem')), requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, client: peer.subject?.CN }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

test('a TLS Engine is reached with the CA and client certificate of DOCKER_CERT_PATH, by both clients', async (t) => {
  const dir = certificates(t);
  if (!dir) return;
  const port = await tlsEngine(t, dir);
  const env = { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir };
  const { engine } = await connectDocker(env);
  try {
    assert.deepEqual(await engine.get('/version'), { path: '/version', client: 'bt-client' });
  } finally {
    await engine.close();
  }
  // dockerode (logs, exec, pull...) gets the same certificates
  const runtime = (await createDockerRuntime({ env } as OpenOptions)) as DockerRuntime;
  const info = (await runtime.docker.version()) as unknown as { path: string; client: string };
  assert.deepEqual(info, { path: '/version', client: 'bt-client' });
});

test('without a client certificate a TLS Engine that asks for one refuses; half a certificate is a clear error', async (t) => {
  const dir = certificates(t);
  if (!dir) return;
  const port = await tlsEngine(t, dir);
  const caOnly = mkdtempSync(join(tmpdir(), 'bt-engine-ca-'));
  t.after(() => rmSync(caOnly, { recursive: true, force: true }));
  copyFileSync(join(dir, 'ca.pem'), join(caOnly, 'ca.pem'));
  const { engine } = await connectDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: caOnly });
  try {
    await assert.rejects(engine.get('/version'));
  } finally {
    await engine.close();
  }
  copyFileSync(join(dir, 'cert.pem'), join(caOnly, 'cert.pem'));
  await assert.rejects(
    connectDocker({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: caOnly }),
    new RegExp(`^RuntimeError: ${join(caOnly, 'key.pem')} is missing: a client certificate needs both cert.pem and key.pem`),
  );
});
