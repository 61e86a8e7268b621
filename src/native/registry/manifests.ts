/** Manifest requests: GET by tag or digest (verified against the digest), HEAD, PUT. */
import { createHash } from 'node:crypto';
import { RuntimeError } from '../../errors.js';
import { pullScope, pushScope, type RegistryClient } from './client.js';
import { MANIFEST_ACCEPT, parseManifest, type ParsedManifest } from './manifest.js';

export interface FetchedManifest {
  readonly digest: string;
  readonly body: Buffer;
  readonly mediaType: string;
  readonly parsed: ParsedManifest;
}

export async function getManifest(c: RegistryClient, repo: string, ref: string, signal?: AbortSignal): Promise<FetchedManifest> {
  const what = `${c.host}/${repo}${ref.includes(':') ? '@' : ':'}${ref}`;
  const res = await c.send(`/v2/${repo}/manifests/${ref}`, {
    headers: { accept: MANIFEST_ACCEPT },
    scope: pullScope(repo),
    expect: [200],
    what: `manifest ${what}`,
    ...(signal ? { signal } : {}),
  });
  const body = Buffer.from(await res.arrayBuffer());
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (ref.startsWith('sha256:') && digest !== ref) {
    throw new RuntimeError(`manifest ${what}: digest mismatch: the registry sent content that hashes to ${digest}`);
  }
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const parsed = parseManifest(body, mediaType, `manifest ${what}`);
  const docType = (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType;
  return { digest, body, mediaType: docType ?? mediaType, parsed };
}

export async function putManifest(c: RegistryClient, repo: string, ref: string, body: Buffer, mediaType: string, signal?: AbortSignal): Promise<string> {
  const res = await c.send(`/v2/${repo}/manifests/${ref}`, {
    method: 'PUT',
    headers: { 'content-type': mediaType },
    body,
    scope: pushScope(repo),
    expect: [201, 200],
    what: `pushing manifest ${c.host}/${repo}:${ref}`,
    ...(signal ? { signal } : {}),
  });
  await res.body?.cancel();
  return res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(body).digest('hex')}`;
}
