/**
 * Finds the Docker Engine the way the docker CLI does: DOCKER_HOST (unix:// or tcp://),
 * else /var/run/docker.sock. Pings once so that a missing daemon is one clear error
 * rather than a failure deep inside the first operation.
 */
import type Docker from 'dockerode';
import { RuntimeError } from '../errors.js';
import { EngineClient } from './engine-client.js';

export interface Endpoint {
  readonly display: string;
  readonly options: Docker.DockerOptions;
}

/** Pure: DOCKER_HOST -> dockerode connection options. */
export function endpointFromEnv(env: Readonly<Record<string, string | undefined>>): Endpoint {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { display: 'unix:///var/run/docker.sock', options: { socketPath: '/var/run/docker.sock' } };
  if (host.startsWith('unix://')) return { display: host, options: { socketPath: host.slice('unix://'.length) } };
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(host);
  if (!m) throw new RuntimeError(`unsupported DOCKER_HOST "${host}": expected unix://PATH or tcp://HOST:PORT`);
  const tls = m[1] === 'https' || env.DOCKER_TLS_VERIFY === '1';
  return {
    display: host,
    options: {
      host: m[2] ?? 'localhost',
      port: Number(m[3] ?? (tls ? 2376 : 2375)),
      protocol: tls ? 'https' : 'http',
    },
  };
}

export interface EngineConnection {
  readonly endpoint: Endpoint;
  readonly engine: EngineClient;
}

export async function connectDocker(env: Readonly<Record<string, string | undefined>>): Promise<EngineConnection> {
  const endpoint = endpointFromEnv(env);
  const engine = new EngineClient(endpoint);
  try {
    await engine.get('/_ping');
  } catch (err) {
    await engine.close();
    const detail = err instanceof Error ? err.message : String(err);
    throw new RuntimeError(
      `cannot connect to the Docker daemon at ${endpoint.display}: is dockerd running? (${detail})`,
      { cause: err },
    );
  }
  return { endpoint, engine };
}
