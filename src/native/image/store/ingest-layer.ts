/**
 * One pass over a layer's bytes as they arrive: hash and store the compressed blob,
 * decompress, hash the tar (the diff id), and unpack it into a work directory. Only
 * when both digests match is the blob renamed into blobs/ and the directory into
 * layers/; on any failure both are removed, so the store never holds a layer it has
 * not verified.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { RuntimeError } from '../../../errors.js';
import { extractLayer } from '../unpack/extract.js';
import { readTar } from '../unpack/tar-reader.js';
import { BlobWriter, DigestMismatchError, hasBlob } from './blobs.js';
import { coalesce, JoinPool } from './coalesce.js';
import { layerPath, tmpPath, type StorePaths } from './paths.js';
import { canReuseGunzip, rawGunzip, type RawGunzip } from '../unpack/reusing-gunzip.js';
import { OffThreadHash } from './off-thread-hash.js';
import { spreadSubdirectories } from './spread-hint.js';
import type { LayerCompression } from '../../registry/manifest.js';

const PIECE = 1 << 20;
/** shared by all layers of this process, so later layers reuse the first ones' buffers */
const joinPool = new JoinPool(PIECE);

/**
 * Buffers a download of this layer may be read into, to hand to ingestLayer as they
 * are: only gzip layers give pieces back (gunzip consumes each piece at once).
 */
export function downloadPieces(c: LayerCompression): JoinPool | undefined {
  return c === 'gzip' && canReuseGunzip() ? joinPool : undefined;
}

export interface LayerIngest {
  /** compressed digest, as in the manifest */
  readonly digest: string;
  /** uncompressed digest, from the config's rootfs.diff_ids */
  readonly diffId: string;
  readonly compression: LayerCompression;
}

export async function layerPresent(p: StorePaths, diffId: string): Promise<boolean> {
  return stat(layerPath(p, diffId)).then((s) => s.isDirectory(), () => false);
}

export async function layerComplete(p: StorePaths, layer: Pick<LayerIngest, 'digest' | 'diffId'>): Promise<boolean> {
  return (await layerPresent(p, layer.diffId)) && (await hasBlob(p, layer.digest));
}

/** output buffers per gzip layer: one the tar reader holds, others hashing or being filled */
const RING = 4;

/**
 * gzip, for a layer read into pool pieces: gunzip in this thread (reusing-gunzip.ts) into a
 * small ring of pool buffers, which the hashing thread reads the diff id from; a buffer is
 * refilled only once it is hashed and the tar reader has asked for the next piece.
 * `consumed` hears of each input piece once all of its output was read.
 */
function gunzipHashed(pool: JoinPool, tarHash: OffThreadHash, consumed: (piece: Buffer) => void) {
  return async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const raw = rawGunzip() as RawGunzip;
    const ring = Array.from({ length: RING }, () => pool.take());
    const busy: (Promise<void> | undefined)[] = [];
    let i = 0;
    const drain = async function* (input: Buffer, finish: boolean): AsyncGenerator<Buffer> {
      for (let off = 0; ; ) {
        await busy[i];
        const out = ring[i] as Buffer;
        raw.run(input, off, out, finish);
        off += raw.consumed;
        const n = raw.produced;
        if (n > 0) {
          const view = out.subarray(0, n);
          busy[i] = new Promise<void>((done) => tarHash.update(view, done));
          yield view;
          i = (i + 1) % RING;
        }
        // a full buffer means zlib may hold more output for the same input
        if (n < out.length) return;
      }
    };
    try {
      for await (const piece of src) {
        yield* drain(piece, false);
        consumed(piece);
      }
      yield* drain(Buffer.alloc(0), true);
    } finally {
      raw.close();
      tarHash.end();
      await Promise.all(busy);
      for (const b of ring) pool.give(b);
    }
  };
}

type Decoder = ((src: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>) | Duplex | undefined;

/** gzip without pool pieces: zlib's stream; zstd: Node 20 has none, so the zstd command (Debian package zstd) streams it */
function streamDecoder(c: LayerCompression): Decoder {
  if (c === 'none') return undefined;
  if (c === 'gzip') return createGunzip({ chunkSize: PIECE });
  const child = spawn('zstd', ['-dcq'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return Duplex.from({ writable: child.stdin, readable: child.stdout });
}

/**
 * Consumes `source` fully. `unpack: false` only stores the blob (the layer directory
 * already exists). Throws DigestMismatchError for bytes that do not match.
 * `received` hears when the source has given its last byte: what is left (the last
 * pieces' unpack, the digests, the blob's fsync, publishing) no longer needs the download.
 */
export async function ingestLayer(
  p: StorePaths,
  layer: LayerIngest,
  source: AsyncIterable<Buffer>,
  unpack: boolean,
  received?: () => void,
): Promise<void> {
  // gzip layers are joined into reusable, page-aligned, shared pool buffers, which go
  // back to the pool once the blob file has them, gunzip consumed them and the hashing
  // thread hashed them; they also let the blob file bypass the page cache
  const pool = downloadPieces(layer.compression);
  const blobHash = pool ? new OffThreadHash() : undefined;
  const tarHash = pool ? new OffThreadHash() : undefined;
  const blob = await BlobWriter.create(p, { direct: pool !== undefined, hashed: blobHash === undefined });
  const workDir = tmpPath(p, 'layer');
  // the diff id where no hashing thread is used (layers not read into pool pieces)
  const localTarHash = tarHash ? undefined : createHash('sha256');
  let extracting: Promise<unknown> | undefined;
  let ready: Promise<unknown> | undefined;
  try {
    // the download does not wait for the placement hint (a chattr process) and the mkdir:
    // the sink awaits them after asking for the first piece
    ready = unpack ? spreadSubdirectories(p.tmp).then(() => mkdir(workDir, { mode: 0o755 })) : undefined;
    ready?.catch(() => undefined);
    const holders = new Map<Buffer, number>();
    const letGo = (piece: Buffer): void => {
      const left = (holders.get(piece) ?? 0) - 1;
      if (left > 0) holders.set(piece, left);
      else if (holders.delete(piece)) pool?.give(piece);
    };
    const tap = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of coalesce(source, PIECE, pool)) {
        if (pool && blobHash) {
          holders.set(chunk, 3);
          blobHash.update(chunk, () => letGo(chunk));
          await blob.write(chunk, { aligned: true, written: () => letGo(chunk) });
        } else await blob.write(chunk);
        yield chunk;
      }
      received?.();
    };
    const hashTar = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of src) {
        localTarHash?.update(chunk);
        yield chunk;
      }
    };
    const sink = async (src: AsyncIterable<Buffer>): Promise<void> => {
      if (ready) {
        // pulling the first piece starts the download; the directory is awaited after it
        const it = src[Symbol.asyncIterator]();
        const first = await it.next();
        await ready;
        const tar = async function* (): AsyncGenerator<Buffer> {
          for (let r = first; !r.done; r = await it.next()) yield r.value;
        };
        extracting = extractLayer(readTar(tar()), {
          dir: workDir,
          whiteoutPrototype: p.whiteout,
          scratchFile: `${workDir}.xattrs`,
          keepOwners: process.getuid?.() === 0,
        });
        await extracting;
      }
      // the extractor stops at the tar's end marker; the digest covers every byte
      for await (const _ of src) void _;
    };
    if (pool && tarHash) await pipeline(tap, gunzipHashed(pool, tarHash, letGo), sink);
    else {
      const dec = streamDecoder(layer.compression);
      if (dec) await pipeline(tap, dec, hashTar, sink);
      else await pipeline(tap, hashTar, sink);
    }
    if (blobHash) blob.useDigest(await blobHash.digest());
    const diffId = tarHash ? await tarHash.digest() : `sha256:${(localTarHash as Hash).digest('hex')}`;
    // both digests are known only now, after the last byte was unpacked: the compressed
    // one is checked first (its failure is the more basic one), and nothing of the
    // layer is published unless both match
    if (blob.digest() !== layer.digest) throw new DigestMismatchError(`layer ${layer.digest}`, layer.digest, blob.digest());
    if (diffId !== layer.diffId) throw new DigestMismatchError(`layer ${layer.digest} (uncompressed)`, layer.diffId, diffId);
    await blob.commit(layer.digest, `layer ${layer.digest}`);
    if (unpack) await publishDir(workDir, layerPath(p, layer.diffId));
  } catch (err) {
    await blob.abort();
    throw err instanceof Error && (err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR'
      ? new RuntimeError(`layer ${layer.digest}: not valid gzip data`, { cause: err })
      : err;
  } finally {
    blobHash?.end();
    tarHash?.end();
    // a failed pipeline does not wait for its last stage: a file the extractor was
    // creating, or the directory itself, could land while it is being removed
    await ready?.catch(() => undefined);
    await extracting?.catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

/** another pull may have published the same layer first; theirs is as good as ours */
async function publishDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
}
