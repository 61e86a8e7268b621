/**
 * Blob transfer. Downloads are a stream of chunks that survives a dropped connection:
 * the next attempt asks for the rest with a Range header (and skips what it already
 * had when the registry ignores Range), so the consumer sees every byte exactly once
 * and verifies the digest over all of them. With `pieces`, the body may arrive in the
 * caller's reusable buffers (piece-get.ts). Uploads try a cross-repository mount first.
 */
import type { RegistryResponse } from './http-transport.js';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { RuntimeError } from '../../errors.js';
import { pullScope, pushScope, type RegistryClient } from './client.js';
import { partialPiece, type PieceSource } from './piece-get.js';

export async function* blobChunks(
  c: RegistryClient,
  repo: string,
  digest: string,
  signal?: AbortSignal,
  pieces?: PieceSource,
): AsyncGenerator<Buffer> {
  let offset = 0;
  let failures = 0;
  for (;;) {
    const res = await c.exchange(`/v2/${repo}/blobs/${digest}`, {
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      scope: pullScope(repo),
      expect: [200, 206],
      what: `blob ${digest} of ${c.host}/${repo}`,
      ...(signal ? { signal } : {}),
      ...(pieces ? { pieces } : {}),
    });
    let skip = res.status === 200 ? offset : 0;
    /** the part of a chunk not seen before (a registry may ignore Range), counted */
    const fresh = (part: Buffer): Buffer | undefined => {
      let chunk = part;
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        skip -= n;
        chunk = chunk.subarray(n);
        if (chunk.length === 0) return undefined;
      }
      offset += chunk.length;
      return chunk;
    };
    try {
      for await (const part of res.body as AsyncIterable<Buffer>) {
        const chunk = fresh(part);
        if (chunk) yield chunk;
      }
      return;
    } catch (err) {
      if (signal?.aborted || err instanceof RuntimeError) throw err;
      const partial = partialPiece(err);
      const chunk = partial && fresh(partial);
      if (chunk) yield chunk;
      failures++;
      if (failures >= c.maxAttempts) {
        throw new RuntimeError(`blob ${digest} of ${c.host}/${repo}: connection lost ${failures} times, giving up: ${(err as Error).message}`, { cause: err });
      }
      await c.backoff(failures - 1, signal);
    } finally {
      // a consumer that stopped early (a failed layer) must not leave the connection streaming
      if (!res.body.readableEnded) res.body.destroy();
    }
  }
}

export async function blobExists(c: RegistryClient, repo: string, digest: string, signal?: AbortSignal): Promise<boolean> {
  const res = await c.send(`/v2/${repo}/blobs/${digest}`, {
    method: 'HEAD',
    scope: pushScope(repo),
    expect: [200, 404],
    what: `checking blob ${digest} in ${c.host}/${repo}`,
    ...(signal ? { signal } : {}),
  });
  return res.status === 200;
}

function resolveLocation(c: RegistryClient, res: RegistryResponse): string {
  const loc = res.headers.get('location');
  if (!loc) throw new RuntimeError(`${c.host}: upload started without a Location header`);
  return new URL(loc, c.base).toString();
}

/**
 * Uploads a blob from a file unless the repository has it; `mountFrom` names another
 * repository of the same registry holding it, which the registry may link instead.
 * Returns how the blob got there.
 */
export async function uploadBlob(
  c: RegistryClient,
  repo: string,
  digest: string,
  file: string,
  size: number,
  options: { mountFrom?: string; signal?: AbortSignal } = {},
): Promise<'exists' | 'mounted' | 'uploaded'> {
  const signal = options.signal;
  if (await blobExists(c, repo, digest, signal)) return 'exists';
  const query = options.mountFrom && options.mountFrom !== repo ? `?mount=${digest}&from=${options.mountFrom}` : '';
  const scope = options.mountFrom ? `${pushScope(repo)} repository:${options.mountFrom}:pull` : pushScope(repo);
  const start = await c.send(`/v2/${repo}/blobs/uploads/${query}`, {
    method: 'POST',
    scope,
    expect: [201, 202],
    what: `starting upload of ${digest} to ${c.host}/${repo}`,
    ...(signal ? { signal } : {}),
  });
  await start.body?.cancel();
  if (start.status === 201) return 'mounted';
  const location = new URL(resolveLocation(c, start));
  location.searchParams.set('digest', digest);
  const put = await c.send(location.toString(), {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    scope: pushScope(repo),
    expect: [201, 204],
    what: `uploading ${digest} to ${c.host}/${repo}`,
    ...(signal ? { signal } : {}),
  });
  await put.body?.cancel();
  return 'uploaded';
}
