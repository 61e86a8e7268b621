/**
 * Answers a registry's 401 challenge: Basic sends the stored credentials; Bearer
 * fetches a token from the challenge's realm for the request's scope (with the
 * credentials as Basic auth when there are any, anonymously otherwise). Tokens are
 * cached per scope for the life of the client.
 */
import { RuntimeError } from '../../errors.js';
import type { Challenge } from './challenge.js';
import type { Credentials } from './docker-config.js';
import { request, toResponse, type RegistryResponse } from './http-transport.js';

export type CredentialSource = () => Promise<Credentials | undefined>;

export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

export class Authenticator {
  private readonly tokens = new Map<string, string>();
  private credsPromise: Promise<Credentials | undefined> | undefined;
  /** set once a challenge was seen, so later requests authenticate up front */
  private challenge: Challenge | undefined;

  constructor(private readonly host: string, private readonly credentials: CredentialSource) {}

  private creds(): Promise<Credentials | undefined> {
    this.credsPromise ??= this.credentials();
    return this.credsPromise;
  }

  /** the Authorization header for a scope, if one is known without asking the registry */
  async cached(scope: string): Promise<string | undefined> {
    if (!this.challenge) return undefined;
    if (this.challenge.scheme === 'basic') {
      const c = await this.creds();
      return c ? basicHeader(c) : undefined;
    }
    const t = this.tokens.get(scope);
    return t ? `Bearer ${t}` : undefined;
  }

  /** after a 401: the header to retry with, or undefined when there is nothing to try */
  async answer(challenge: Challenge, scope: string, signal?: AbortSignal): Promise<string | undefined> {
    this.challenge = challenge;
    const c = await this.creds();
    if (challenge.scheme === 'basic') return c ? basicHeader(c) : undefined;
    const realm = challenge.params.realm;
    if (!realm) throw new RuntimeError(`${this.host}: bearer challenge without a realm`);
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const s of [...scope.split(' '), challenge.params.scope].filter((x): x is string => !!x)) {
      if (!url.searchParams.getAll('scope').includes(s)) url.searchParams.append('scope', s);
    }
    if (c) url.searchParams.set('account', c.username);
    let res: RegistryResponse;
    try {
      res = toResponse(await request(url.toString(), { headers: c ? { authorization: basicHeader(c) } : {}, ...(signal ? { signal } : {}) }));
    } catch (err) {
      throw new RuntimeError(`${this.host}: token request to ${url.origin}${url.pathname} failed: ${(err as Error).message}`, { cause: err });
    }
    if (res.status === 401 || res.status === 403) {
      throw new RuntimeError(`${this.host}: unauthorized: the token service refused ${c ? `user "${c.username}"` : 'anonymous access'} (status ${res.status}; try "compose login ${this.host}")`);
    }
    if (!res.ok) throw new RuntimeError(`${this.host}: token request failed with status ${res.status}`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RuntimeError(`${this.host}: token service answered without a token`);
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }
}
