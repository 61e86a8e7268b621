/**
 * Registry requests over node:http/https rather than fetch. Fetch (undici) compiles its
 * WebAssembly HTTP parser on first use, which cost about 0.3 s of CPU, on the critical
 * path, at every CLI start that pulls; and it hands bodies out through web streams,
 * whose per-chunk overhead was a large part of a layer download's CPU. Blob bodies stay
 * node streams here; other callers get a small Response-like object (RegistryResponse).
 *
 * Redirects are followed (registries send blob downloads to storage elsewhere), dropping
 * the Authorization header when the origin changes, as fetch does. Bodies are never
 * content-decoded: no Accept-Encoding is sent, so servers send them as they are.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { httpsModule } from '../../tls/builtins.js';
import { trustOptions } from '../../tls/extra-ca.js';
import { getIntoPieces, type PieceSource } from './piece-get.js';

export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string | ReadableStream<Uint8Array>;
  readonly signal?: AbortSignal;
  /** for a GET: try to read the body straight into these buffers (see piece-get.ts) */
  readonly pieces?: PieceSource;
}

export interface RawResponse {
  readonly status: number;
  readonly statusText: string;
  /** the URL that answered, after redirects */
  readonly url: string;
  header(name: string): string | undefined;
  /** the body as a node stream; destroy or drain it when not read */
  readonly body: Readable;
}

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function once(url: URL, r: RawRequest, headers: Record<string, string>, body: RawRequest['body']): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const mod = secure ? httpsModule() : url.protocol === 'http:' ? http : undefined;
    if (!mod) return reject(new Error(`unsupported URL scheme in ${url.origin}`));
    const tlsTrust = secure ? trustOptions() : {};
    const req = mod.request(url, { method: r.method ?? 'GET', headers, ...(r.signal ? { signal: r.signal } : {}), ...tlsTrust }, resolve);
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>).on('error', (err) => req.destroy(err)).pipe(req);
  });
}

export async function request(target: string, r: RawRequest = {}): Promise<RawResponse> {
  if (r.pieces && (r.method ?? 'GET') === 'GET' && r.body === undefined) {
    const fast = await getIntoPieces(target, r.headers ?? {}, r.pieces, r.signal);
    if (fast) return fast;
  }
  let url = new URL(target);
  let method = r.method ?? 'GET';
  let headers = { ...(r.headers ?? {}) };
  let body = r.body;
  for (let hop = 0; ; hop++) {
    const msg = await once(url, { ...r, method }, headers, body);
    const status = msg.statusCode ?? 0;
    const location = msg.headers.location;
    if (!REDIRECTS.has(status) || !location || hop >= MAX_REDIRECTS) {
      const answered = url.toString();
      return {
        status,
        statusText: msg.statusMessage ?? '',
        url: answered,
        header: (name) => {
          const v = msg.headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(', ') : v;
        },
        body: msg,
      };
    }
    msg.resume();
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
    }
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(length|type)$/i.test(k)));
    } else if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new Error(`${url.origin} redirected a streamed upload to ${next.origin}; it cannot be sent twice`);
    }
    url = next;
  }
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * What callers that read JSON or text get: the part of fetch's Response they use. Not
 * the standard class: touching the global Response or Headers loads Node's fetch
 * implementation, ~45 ms of start-up on the critical path of every pull.
 */
export interface RegistryResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** null for HEAD and null-body statuses; `cancel` drops a body nobody reads */
  readonly body: { cancel(): Promise<void> } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export function toResponse(raw: RawResponse, method = 'GET'): RegistryResponse {
  const empty = method === 'HEAD' || NULL_BODY.has(raw.status);
  if (empty) raw.body.resume();
  let used = false;
  const bytes = async (): Promise<Buffer> => {
    if (used) throw new TypeError('response body already read');
    used = true;
    if (empty) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for await (const part of raw.body) parts.push(part as Buffer);
    return Buffer.concat(parts);
  };
  return {
    status: raw.status,
    statusText: raw.statusText,
    ok: raw.status >= 200 && raw.status < 300,
    headers: { get: (name) => raw.header(name) ?? null },
    body: empty
      ? null
      : {
          cancel: async () => {
            used = true;
            raw.body.destroy();
          },
        },
    arrayBuffer: async () => {
      const b = await bytes();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
    },
    text: async () => (await bytes()).toString('utf8'),
    json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
  };
}
