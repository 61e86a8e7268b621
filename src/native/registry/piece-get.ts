/**
 * Blob downloads read straight into the caller's reusable buffers ("pieces"): the
 * socket's `onread` option makes each read land in the unfilled end of the current
 * piece, so a full piece is handed on without a single copy in JavaScript. Through
 * node:http every network read got a new buffer, the HTTP parser copied each body
 * chunk into another, and the layer code joined those into 1 MB pieces: three copies
 * into fresh memory, whose page faults, allocations and garbage collections were a
 * large part of a pull's CPU.
 *
 * Only the plain case is handled here: a GET answered 200/206 with a Content-Length
 * and no transfer or content coding, after any redirects. For anything else (401, 404,
 * chunked bodies, a head that does not fit in a piece) the connection is dropped and
 * `undefined` returned, and the caller sends the request again through node:http.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { tlsModule } from '../../tls/builtins.js';
import { trustOptions } from '../../tls/extra-ca.js';
import { Readable } from 'node:stream';
import type { RawResponse } from './http-transport.js';
import { parseHead, type ResponseHead } from './response-head.js';

/** where the body goes: buffers of `size` bytes, taken as needed, given back when unused */
export interface PieceSource {
  readonly size: number;
  take(): Buffer;
  give(piece: Buffer): void;
}

const MAX_REDIRECTS = 10;
const SCRATCH = Buffer.alloc(4096);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function requestText(url: URL, headers: Record<string, string>): string {
  let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: close\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new Error(`header ${k}: line breaks are not allowed in a header`);
    text += `${k}: ${v}\r\n`;
  }
  return `${text}\r\n`;
}

function fastBody(head: ResponseHead): number | undefined {
  if (head.status !== 200 && head.status !== 206) return undefined;
  if (head.headers.has('transfer-encoding') || head.headers.has('content-encoding')) return undefined;
  const len = Number(head.headers.get('content-length') ?? NaN);
  return Number.isSafeInteger(len) && len >= 0 ? len : undefined;
}

type Outcome = { kind: 'response'; res: RawResponse } | { kind: 'redirect'; to: URL } | { kind: 'other' };

async function once(url: URL, headers: Record<string, string>, pieces: PieceSource, signal?: AbortSignal): Promise<Outcome> {
  const text = requestText(url, headers);
  return new Promise((resolve, reject) => {
    let piece = pieces.take();
    let have = 0;
    let head: ResponseHead | undefined;
    let length = 0;
    let received = 0;
    let body: Readable | undefined;
    // once the piece is handed on or given back, reads (there should be none) go here
    let done = false;
    // a body cut short carries the bytes that did arrive, so a retry can ask for the rest
    const fail = (err: Error): void => {
      if (done) return;
      done = true;
      socket.destroy();
      if (!body) return reject(err);
      if (have > 0) Object.assign(err, { partial: piece.subarray(0, have) });
      body.destroy(err);
    };
    const onread = {
      buffer: () => (done ? SCRATCH : piece.subarray(have)),
      callback: (n: number): boolean => {
        if (done) return false;
        have += n;
        if (!head) return readHead();
        received += n;
        return deliver();
      },
    };
    const readHead = (): boolean => {
      const parsed = parseHead(piece.subarray(0, have));
      if (parsed === 'incomplete' && have < piece.length) return true;
      if (parsed === 'incomplete' || parsed === 'invalid') return finish({ kind: 'other' });
      head = parsed;
      const location = head.headers.get('location');
      if (REDIRECTS.has(head.status) && location) return finish({ kind: 'redirect', to: new URL(location, url) });
      const len = fastBody(head);
      if (len === undefined) return finish({ kind: 'other' });
      length = len;
      piece.copyWithin(0, head.size, have);
      have -= head.size;
      received = have;
      body = new Readable({
        objectMode: true,
        highWaterMark: 4,
        read: () => void socket.resume(),
        destroy: (err, cb) => {
          socket.destroy();
          cb(err);
        },
      });
      const h = head;
      resolve({
        kind: 'response',
        res: { status: h.status, statusText: h.statusText, url: url.toString(), header: (name) => h.headers.get(name.toLowerCase()), body },
      });
      return deliver();
    };
    // hands on full pieces, and the last one when the body is complete
    const deliver = (): boolean => {
      const b = body as Readable;
      let more = true;
      if (received > length) {
        have = 0;
        fail(new Error(`${url.origin} sent more than the ${length} bytes it announced`));
        return false;
      }
      if (have === piece.length || (received === length && have > 0)) {
        more = b.push(have === piece.length ? piece : piece.subarray(0, have));
        piece = received === length ? piece : pieces.take();
        have = 0;
      }
      if (received === length) {
        done = true;
        b.push(null);
        socket.destroy();
        return false;
      }
      return more;
    };
    const finish = (o: Outcome): boolean => {
      done = true;
      socket.destroy();
      pieces.give(piece);
      resolve(o);
      return false;
    };
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket =
      url.protocol === 'https:'
        ? // tls.connect takes onread too (Node's documentation says so; its type definitions do not)
          tlsModule().connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ALPNProtocols: ['http/1.1'], onread, ...trustOptions() } as tls.ConnectionOptions)
        : net.connect({ host, port, onread });
    socket.setNoDelay(true);
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(text));
    socket.on('error', fail);
    socket.on('close', () => {
      if (!head) reject(new Error(`${url.origin} closed the connection before answering`));
      else if (body && received < length) fail(new Error(`${url.origin} closed the connection after ${received} of ${length} bytes`));
    });
    const abort = (): void => fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    socket.once('close', () => signal?.removeEventListener('abort', abort));
  });
}

/** the bytes of the last piece when a body was cut short, for the retry to count */
export function partialPiece(err: unknown): Buffer | undefined {
  const p = (err as { partial?: unknown } | undefined)?.partial;
  return Buffer.isBuffer(p) ? p : undefined;
}

/** a GET whose body arrives as pieces; undefined when the answer is not the plain case */
export async function getIntoPieces(
  target: string,
  headers: Record<string, string>,
  pieces: PieceSource,
  signal?: AbortSignal,
): Promise<RawResponse | undefined> {
  let url = new URL(target);
  let h = headers;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const o = await once(url, h, pieces, signal);
    if (o.kind === 'response') return o.res;
    if (o.kind === 'other') return undefined;
    // as fetch does: credentials do not follow a redirect to another origin
    if (o.to.origin !== url.origin) h = Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'authorization'));
    url = o.to;
  }
  return undefined;
}
