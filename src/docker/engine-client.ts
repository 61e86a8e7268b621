/**
 * A small JSON client for the Engine API calls `up`, `down`, `ps` and the like make, on
 * node:http directly. dockerode costs ~50 ms of start-up CPU to load (docker-modem, its
 * stream helpers, https/tls), which every `up -d` paid before its first call although
 * those calls are plain request/response JSON. dockerode stays for what streams (pull,
 * logs, exec, attach, stats) and is loaded only when one of those is asked for.
 *
 * Failures carry what dockerode's carry (`statusCode`, `json.message`), so engine-error.ts
 * reads both alike. Connections are kept alive: an idle one does not keep the process up.
 */
import http from 'node:http';
import type https from 'node:https';
import { httpsModule } from '../tls/builtins.js';
import { trustedCaList, trustOptions } from '../tls/extra-ca.js';
import type { Endpoint } from './connect.js';
import { NoDaemonError } from './engine-error.js';

type Transport = Pick<typeof http, 'request'>;

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface EngineRequest {
  readonly query?: Query;
  /** sent as JSON */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** An Engine answer outside 2xx (304 included: callers list it where it means "already so"). */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: { message?: string } | undefined,
    what: string,
  ) {
    super(`${what}: (HTTP code ${statusCode}) ${json?.message ?? ''}`.trimEnd());
    this.name = 'EngineHttpError';
  }
}

/** Pure: path plus the query's defined values, in the order given. */
export function requestPath(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

/** errors of a connection that never reached an Engine */
const NO_DAEMON = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export class EngineClient {
  private readonly transport: Transport;
  private readonly agent: http.Agent;
  private readonly target: http.RequestOptions & { servername?: string };

  constructor(private readonly endpoint: Endpoint) {
    const o = endpoint.options;
    if (o.protocol === 'https') {
      // node:https (and node:tls) load only for an endpoint that needs them
      const tls = httpsModule();
      this.transport = tls;
      this.agent = new tls.Agent({ keepAlive: true, ...tlsOptions(o) });
    } else {
      this.transport = http;
      this.agent = new http.Agent({ keepAlive: true });
    }
    // a name of our own for the socket spares node's agent deriving one from the host: that
    // compiles its IPv6 pattern, ~5-20 ms of a CLI run (the name only matters for TLS)
    this.target = o.socketPath
      ? { socketPath: String(o.socketPath), headers: { host: 'docker' }, servername: 'docker' }
      : { host: o.host, port: Number(o.port) };
  }

  get<T>(path: string, o: EngineRequest = {}): Promise<T> {
    return this.request<T>('GET', path, o);
  }
  post<T>(path: string, o: EngineRequest = {}): Promise<T> {
    return this.request<T>('POST', path, o);
  }
  delete<T>(path: string, o: EngineRequest = {}): Promise<T> {
    return this.request<T>('DELETE', path, o);
  }

  async request<T>(method: string, path: string, o: EngineRequest = {}): Promise<T> {
    const { transport, agent } = this;
    const body = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const fullPath = requestPath(path, o.query);
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        {
          ...this.target,
          agent,
          method,
          path: fullPath,
          headers: {
            ...this.target.headers,
            ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
          },
          ...(o.signal ? { signal: o.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            const json = parseJson(text, res.headers['content-type']);
            if (status >= 200 && status < 300) resolve(json as T);
            else reject(new EngineHttpError(status, errorBody(json, text), `${method} ${path}`));
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => reject(NO_DAEMON.has(err.code ?? '') ? new NoDaemonError(this.endpoint.display, err) : err));
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

/**
 * The trust and identity of a TLS endpoint: its ca.pem, else node's roots with the
 * certificates of NODE_EXTRA_CA_CERTS; its client certificate, if it has one. (A secure
 * context would make node ignore a `cert` and `key` given beside it.)
 */
export function tlsOptions(o: Endpoint['options']): Pick<https.AgentOptions, 'ca' | 'cert' | 'key' | 'secureContext'> {
  if (o.ca === undefined && o.cert === undefined) return trustOptions();
  const ca = o.ca ?? trustedCaList();
  return { ...(ca !== undefined ? { ca } : {}), ...(o.cert !== undefined ? { cert: o.cert, key: o.key } : {}) };
}

function parseJson(text: string, type: string | undefined): unknown {
  if (!text) return undefined;
  if (type?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The Engine explains a failure as {"message": ...}; older ones as plain text. */
function errorBody(json: unknown, text: string): { message?: string } | undefined {
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return { message: (json as { message: string }).message };
  }
  const trimmed = text.trim();
  return trimmed ? { message: trimmed } : undefined;
}
