/**
 * Content-addressed blobs: a blob is only ever renamed into blobs/sha256/<hex> after
 * its bytes hashed to that digest and were flushed, so any file there can be trusted.
 */
import { createHash, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { RuntimeError } from '../../../errors.js';
import { blobPath, tmpPath, type StorePaths } from './paths.js';
import { PAGE } from './coalesce.js';

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

/**
 * Streams a blob to a work file while hashing it; commit verifies and publishes it.
 *
 * With `direct`, page-aligned pieces are written with O_DIRECT: a layer blob is written
 * once and read back rarely (by a push), so copying it through the page cache only cost
 * CPU (on the CI machine's VM the kernel's copy into fresh page-cache pages was ~0.4 s of
 * a pull's CPU, O_DIRECT from reused buffers ~0.03 s) and evicted other files. Anything
 * else (unaligned pieces, the tail, a filesystem that refuses O_DIRECT) goes through the
 * page cache; both descriptors are the same file, and fsync covers both.
 */
export class BlobWriter {
  private readonly hash: Hash | undefined;
  size = 0;
  private constructor(
    private readonly p: StorePaths,
    readonly tmp: string,
    private readonly fh: FileHandle,
    private readonly directFh: FileHandle | undefined,
    hashed: boolean,
  ) {
    this.direct = directFh !== undefined;
    this.hash = hashed ? createHash('sha256') : undefined;
  }

  private direct: boolean;

  /** `hashed: false`: the bytes are hashed elsewhere, and `useDigest` says what they hashed to */
  static async create(p: StorePaths, options: { direct?: boolean; hashed?: boolean } = {}): Promise<BlobWriter> {
    const tmp = tmpPath(p, 'blob');
    const fh = await open(tmp, 'w', 0o644);
    const direct = options.direct ? await open(tmp, constants.O_WRONLY | constants.O_DIRECT).catch(() => undefined) : undefined;
    return new BlobWriter(p, tmp, fh, direct, options.hashed ?? true);
  }

  /** whether writes of page-aligned pieces bypass the page cache (for tests) */
  get usesDirect(): boolean {
    return this.direct;
  }

  // a few positional writes stay in flight so the disk works while the next chunk arrives
  private pending: Promise<unknown>[] = [];

  /**
   * `aligned`: the chunk's memory starts on a page boundary (from a JoinPool), so it may
   * go to O_DIRECT; `written` is called once the file has the bytes, so the caller may
   * reuse `chunk`.
   */
  async write(chunk: Buffer, options: { aligned?: boolean; written?: () => void } = {}): Promise<void> {
    this.hash?.update(chunk);
    const at = this.size;
    const viaDirect = options.aligned === true && at % PAGE === 0 && chunk.length % PAGE === 0;
    const w = viaDirect && this.direct ? this.writeDirect(chunk, at) : this.fh.write(chunk, 0, chunk.length, at);
    this.pending.push(options.written ? w.then(options.written) : w);
    this.size += chunk.length;
    if (this.pending.length >= 8) await this.pending.shift();
  }

  private async writeDirect(chunk: Buffer, at: number): Promise<void> {
    let done = 0;
    try {
      done = (await (this.directFh as FileHandle).write(chunk, 0, chunk.length, at)).bytesWritten;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
      // the filesystem or device refuses direct writes after all
      this.direct = false;
    }
    if (done < chunk.length) await this.fh.write(chunk, done, chunk.length - done, at + done);
  }

  private async settle(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    await Promise.all(all);
  }

  private actual: string | undefined;

  /** the digest of everything written so far; writing stops counting once it is asked */
  digest(): string {
    if (!this.hash && !this.actual) throw new Error('blob writer: the digest is computed elsewhere and was not given');
    this.actual ??= `sha256:${(this.hash as Hash).digest('hex')}`;
    return this.actual;
  }

  /** the digest of the bytes written, computed elsewhere (a writer created with `hashed: false`) */
  useDigest(digest: string): void {
    if (this.hash) throw new Error('blob writer: hashes its bytes itself');
    this.actual = digest;
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
    await this.close();
    await rename(this.tmp, blobPath(this.p, expected));
  }

  private async close(): Promise<void> {
    await this.directFh?.close();
    await this.fh.close();
  }

  async abort(): Promise<void> {
    await this.settle().catch(() => undefined);
    await this.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}
