/**
 * An OCI Distribution API v2 client for one registry host. Every request goes through
 * `send`: it authenticates (answering 401 challenges once), and retries with
 * exponential backoff when the connection fails or the registry answers 408/429/5xx.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeError } from '../../errors.js';
import { Authenticator, type CredentialSource } from './auth.js';
import { parseChallenge } from './challenge.js';
import { registryError, transientStatus, RegistryError } from './errors.js';
import { loadRegistryConfig, schemeFor, type RegistryConfig } from './registry-config.js';
import { request, toResponse, type RawResponse, type RegistryResponse } from './http-transport.js';
import type { PieceSource } from './piece-get.js';

export interface ClientOptions {
  readonly credentials?: CredentialSource;
  readonly config?: RegistryConfig;
  /** attempts per request, including the first */
  readonly attempts?: number;
  readonly backoffMs?: number;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** a function for streamed bodies, called again on each attempt */
  readonly body?: Buffer | string | (() => ReadableStream<Uint8Array>);
  /** e.g. "repository:library/busybox:pull" */
  readonly scope: string;
  readonly signal?: AbortSignal;
  /** statuses returned to the caller rather than thrown */
  readonly expect: readonly number[];
  readonly what: string;
  /** a GET's body may be read straight into these (blob downloads) */
  readonly pieces?: PieceSource;
}

export class RegistryClient {
  readonly base: string;
  private readonly auth: Authenticator;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(readonly host: string, options: ClientOptions = {}) {
    this.base = `${schemeFor(host, options.config ?? loadRegistryConfig())}://${host}`;
    this.auth = new Authenticator(host, options.credentials ?? (async () => undefined));
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 250;
  }

  url(path: string): string {
    return path.startsWith('http://') || path.startsWith('https://') ? path : `${this.base}${path}`;
  }

  async backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    const ms = this.backoffMs * 2 ** attempt * (0.75 + Math.random() / 2);
    await sleep(ms, undefined, signal ? { signal } : undefined);
  }

  get maxAttempts(): number {
    return this.attempts;
  }

  /** one request with authentication, retried on transient failures */
  async send(path: string, o: SendOptions): Promise<RegistryResponse> {
    return toResponse(await this.exchange(path, o), o.method);
  }

  /** as send, with the body left a node stream (blob downloads read it chunk by chunk) */
  async exchange(path: string, o: SendOptions): Promise<RawResponse> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) await this.backoff(attempt - 1, o.signal);
      let res: RawResponse;
      try {
        res = await this.sendAuthenticated(path, o);
      } catch (err) {
        if (o.signal?.aborted || err instanceof RuntimeError) throw err;
        lastError = err;
        continue;
      }
      if (o.expect.includes(res.status)) return res;
      if (transientStatus(res.status) && attempt + 1 < this.attempts) {
        res.body.resume();
        lastError = new RegistryError(`${o.what}: registry answered ${res.status}`, res.status);
        continue;
      }
      throw await registryError(toResponse(res, o.method), o.what);
    }
    const cause = lastError as { message?: string; code?: string; cause?: { message?: string; code?: string } } | undefined;
    const reason = cause?.code ?? cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? 'unknown error';
    throw new RuntimeError(`${o.what}: cannot reach ${this.base} after ${this.attempts} attempts: ${reason}`, { cause: lastError });
  }

  private async sendAuthenticated(path: string, o: SendOptions): Promise<RawResponse> {
    const once = async (authorization: string | undefined): Promise<RawResponse> =>
      request(this.url(path), {
        method: o.method ?? 'GET',
        headers: { ...(o.headers ?? {}), ...(authorization ? { authorization } : {}) },
        ...(o.body !== undefined ? { body: typeof o.body === 'function' ? o.body() : o.body } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.pieces ? { pieces: o.pieces } : {}),
      });
    let res = await once(await this.auth.cached(o.scope));
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.header('www-authenticate') ?? null);
    if (!challenge) return res;
    const header = await this.auth.answer(challenge, o.scope, o.signal);
    if (!header) return res;
    res.body.resume();
    res = await once(header);
    return res;
  }
}

export function pullScope(repo: string): string {
  return `repository:${repo}:pull`;
}

export function pushScope(repo: string): string {
  return `repository:${repo}:pull,push`;
}
