/**
 * Finds the Docker Engine the way the docker CLI does: DOCKER_HOST (unix:// or tcp://),
 * else /var/run/docker.sock; over TLS when DOCKER_TLS_VERIFY is set (or the scheme is
 * https), with the CA and client certificate from DOCKER_CERT_PATH (default ~/.docker:
 * ca.pem, cert.pem, key.pem). A missing daemon is one clear error from the first call that
 * meets it (EngineClient), not a separate ping first: that was a round trip on every
 * command, ~20 ms before the first real call of an `up`.
 */
import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../errors.js';
import { EngineClient } from './engine-client.js';

export interface Endpoint {
  readonly display: string;
  readonly options: Docker.DockerOptions;
  /** for a TLS endpoint: the directory of ca.pem, cert.pem and key.pem */
  readonly certDir?: string;
}

/** Pure: DOCKER_HOST -> dockerode connection options. */
export function endpointFromEnv(env: Readonly<Record<string, string | undefined>>): Endpoint {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { display: 'unix:///var/run/docker.sock', options: { socketPath: '/var/run/docker.sock' } };
  if (host.startsWith('unix://')) return { display: host, options: { socketPath: host.slice('unix://'.length) } };
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(host);
  if (!m) throw new RuntimeError(`unsupported DOCKER_HOST "${host}": expected unix://PATH or tcp://HOST:PORT`);
  // as the docker CLI reads it: any non-empty value turns verification on
  const tls = m[1] === 'https' || (env.DOCKER_TLS_VERIFY ?? '') !== '';
  return {
    display: host,
    options: {
      host: m[2] ?? 'localhost',
      port: Number(m[3] ?? (tls ? 2376 : 2375)),
      protocol: tls ? 'https' : 'http',
    },
    ...(tls ? { certDir: env.DOCKER_CERT_PATH || join(env.HOME || homedir(), '.docker') } : {}),
  };
}

async function readIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RuntimeError(`cannot read ${file} (DOCKER_CERT_PATH): ${(err as Error).message}`);
  }
}

/**
 * The TLS files of an endpoint, those that exist, as dockerode's options: a ca.pem replaces
 * the system's roots (as with the docker CLI), cert.pem and key.pem go together.
 */
export async function withCertificates(endpoint: Endpoint): Promise<Endpoint> {
  const dir = endpoint.certDir;
  if (dir === undefined) return endpoint;
  const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readIfThere(join(dir, f))));
  if ((cert === undefined) !== (key === undefined)) {
    throw new RuntimeError(`${join(dir, cert ? 'key.pem' : 'cert.pem')} is missing: a client certificate needs both cert.pem and key.pem (DOCKER_CERT_PATH)`);
  }
  return { ...endpoint, options: { ...endpoint.options, ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) } };
}

export interface EngineConnection {
  readonly endpoint: Endpoint;
  readonly engine: EngineClient;
}

export async function connectDocker(env: Readonly<Record<string, string | undefined>>): Promise<EngineConnection> {
  const endpoint = await withCertificates(endpointFromEnv(env));
  return { endpoint, engine: new EngineClient(endpoint) };
}
