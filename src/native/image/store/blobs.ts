/**
 * Content-addressed blobs: a blob is only ever renamed into blobs/sha256/<hex> after
 * its bytes hashed to that digest and were flushed, so any file there can be trusted.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { RuntimeError } from '../../../errors.js';
import { blobPath, tmpPath, type StorePaths } from './paths.js';

export function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function hasBlob(p: StorePaths, digest: string): Promise<boolean> {
  return stat(blobPath(p, digest)).then((s) => s.isFile(), () => false);
}

export async function readBlob(p: StorePaths, digest: string): Promise<Buffer> {
  try {
    return await readFile(blobPath(p, digest));
  } catch (err) {
    throw new RuntimeError(`image store: blob ${digest} is missing (${blobPath(p, digest)})`, { cause: err });
  }
}

export async function readBlobJson<T>(p: StorePaths, digest: string): Promise<T> {
  return JSON.parse((await readBlob(p, digest)).toString('utf8')) as T;
}

/** stores small content (manifests, configs) and returns its digest */
export async function putBlob(p: StorePaths, data: Buffer, expected?: string): Promise<string> {
  const digest = sha256(data);
  if (expected && expected !== digest) throw new RuntimeError(`digest mismatch: expected ${expected}, content hashes to ${digest}`);
  if (await hasBlob(p, digest)) return digest;
  const w = await BlobWriter.create(p);
  await w.write(data);
  await w.commit(digest);
  return digest;
}

export class DigestMismatchError extends RuntimeError {
  constructor(what: string, expected: string, actual: string) {
    super(`${what}: digest mismatch: expected ${expected}, received content hashes to ${actual}`);
    this.name = 'DigestMismatchError';
  }
}

/** streams a blob to a work file while hashing it; commit verifies and publishes it */
export class BlobWriter {
  private readonly hash: Hash = createHash('sha256');
  size = 0;
  private constructor(private readonly p: StorePaths, readonly tmp: string, private readonly fh: FileHandle) {}

  static async create(p: StorePaths): Promise<BlobWriter> {
    const tmp = tmpPath(p, 'blob');
    return new BlobWriter(p, tmp, await open(tmp, 'w', 0o644));
  }

  // a few positional writes stay in flight so the disk works while the next chunk arrives
  private pending: Promise<unknown>[] = [];

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.pending.push(this.fh.write(chunk, 0, chunk.length, this.size));
    this.size += chunk.length;
    if (this.pending.length >= 8) await this.pending.shift();
  }

  private async settle(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    await Promise.all(all);
  }

  private actual: string | undefined;

  /** the digest of everything written so far; writing stops counting once it is asked */
  digest(): string {
    this.actual ??= `sha256:${this.hash.digest('hex')}`;
    return this.actual;
  }

  async commit(expected: string, what = `blob ${expected}`): Promise<void> {
    const actual = this.digest();
    try {
      if (actual !== expected) throw new DigestMismatchError(what, expected, actual);
      await this.settle();
      await this.fh.sync();
    } catch (err) {
      await this.abort();
      throw err;
    }
    await this.fh.close();
    await rename(this.tmp, blobPath(this.p, expected));
  }

  async abort(): Promise<void> {
    await this.settle().catch(() => undefined);
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}
