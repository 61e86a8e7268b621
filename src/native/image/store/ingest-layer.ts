/**
 * One pass over a layer's bytes as they arrive: hash and store the compressed blob,
 * decompress, hash the tar (the diff id), and unpack it into a work directory. Only
 * when both digests match is the blob renamed into blobs/ and the directory into
 * layers/; on any failure both are removed, so the store never holds a layer it has
 * not verified.
 */
import { createHash } from 'node:crypto';
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
import { canReuseGunzip, reusingGunzip } from '../unpack/reusing-gunzip.js';
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

type Decoder = ((src: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>) | Duplex | undefined;

/**
 * gzip: in this thread, into one reused buffer (reusing-gunzip.ts), telling `consumed`
 * about each input piece once all of its output was read; zstd: Node 20 has none, so the
 * zstd command (Debian package zstd) streams it.
 */
function decoder(c: LayerCompression, consumed: (piece: Buffer) => void): Decoder {
  if (c === 'none') return undefined;
  if (c === 'gzip') {
    const g = reusingGunzip(PIECE);
    if (!g) return createGunzip({ chunkSize: PIECE });
    return async function* (src) {
      try {
        for await (const piece of src) {
          yield* g.write(piece);
          consumed(piece);
        }
        yield* g.write(Buffer.alloc(0), true);
      } finally {
        g.close();
      }
    };
  }
  const child = spawn('zstd', ['-dcq'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return Duplex.from({ writable: child.stdin, readable: child.stdout });
}

/**
 * Consumes `source` fully. `unpack: false` only stores the blob (the layer directory
 * already exists). Throws DigestMismatchError for bytes that do not match.
 */
export async function ingestLayer(p: StorePaths, layer: LayerIngest, source: AsyncIterable<Buffer>, unpack: boolean): Promise<void> {
  // pieces are joined into reusable, page-aligned buffers that go back to the pool once
  // the blob file has them and gunzip consumed them; they also let the blob file bypass
  // the page cache
  const pool = downloadPieces(layer.compression);
  const holders = new Map<Buffer, number>();
  const letGo = (piece: Buffer): void => {
    const left = (holders.get(piece) ?? 0) - 1;
    if (left > 0) holders.set(piece, left);
    else if (holders.delete(piece)) pool?.give(piece);
  };
  const blob = await BlobWriter.create(p, { direct: pool !== undefined });
  const workDir = tmpPath(p, 'layer');
  const diffHash = createHash('sha256');
  let extracting: Promise<unknown> | undefined;
  try {
    if (unpack) {
      await spreadSubdirectories(p.tmp);
      await mkdir(workDir, { mode: 0o755 });
    }
    const tap = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of coalesce(source, PIECE, pool)) {
        const pooled = pool?.owns(chunk) === true;
        if (pooled) holders.set(chunk, 2);
        await blob.write(chunk, pooled ? { aligned: true, written: () => letGo(chunk) } : {});
        yield chunk;
      }
    };
    const hashTar = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of src) {
        diffHash.update(chunk);
        yield chunk;
      }
    };
    const sink = async (src: AsyncIterable<Buffer>): Promise<void> => {
      if (unpack) {
        extracting = extractLayer(readTar(src), {
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
    const dec = decoder(layer.compression, letGo);
    if (dec) await pipeline(tap, dec, hashTar, sink);
    else await pipeline(tap, hashTar, sink);
    const diffId = `sha256:${diffHash.digest('hex')}`;
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
    // a failed pipeline does not wait for its last stage: a file the extractor was
    // creating could land in the directory while it is being removed
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
