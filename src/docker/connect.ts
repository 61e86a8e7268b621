/**
 * Finds the Docker Engine the way the docker CLI does: DOCKER_HOST (unix:// or tcp://),
 * else /var/run/docker.sock. A missing daemon is one clear error from the first call that
 * meets it (EngineClient), not a separate ping first: that was a round trip on every
 * command, ~20 ms before the first real call of an `up`.
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
  return { endpoint, engine: new EngineClient(endpoint) };
}
