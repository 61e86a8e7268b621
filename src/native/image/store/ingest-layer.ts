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
import { createGunzip, Gunzip } from 'node:zlib';
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { RuntimeError } from '../../../errors.js';
import { extractLayer } from '../unpack/extract.js';
import { readTar } from '../unpack/tar-reader.js';
import { BlobWriter, DigestMismatchError, hasBlob } from './blobs.js';
import { coalesce, JoinPool } from './coalesce.js';
import { layerPath, tmpPath, type StorePaths } from './paths.js';
import { spreadSubdirectories } from './spread-hint.js';
import type { LayerCompression } from '../../registry/manifest.js';

const PIECE = 1 << 20;
/** shared by all layers of this process, so later layers reuse the first ones' buffers */
const joinPool = new JoinPool(PIECE);

/**
 * Buffers a download of this layer may be read into, to hand to ingestLayer as they
 * are: only gzip layers give pieces back (gunzip tells when it is done with one).
 */
export function downloadPieces(c: LayerCompression): JoinPool | undefined {
  return c === 'gzip' ? joinPool : undefined;
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

function decompressor(c: LayerCompression): Duplex | undefined {
  if (c === 'gzip') return createGunzip({ chunkSize: 1 << 20 });
  if (c === 'none') return undefined;
  // Node 20 has no zstd; the zstd command (Debian package zstd) streams it
  const child = spawn('zstd', ['-dcq'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return Duplex.from({ writable: child.stdin, readable: child.stdout });
}

/**
 * Consumes `source` fully. `unpack: false` only stores the blob (the layer directory
 * already exists). Throws DigestMismatchError for bytes that do not match.
 */
export async function ingestLayer(p: StorePaths, layer: LayerIngest, source: AsyncIterable<Buffer>, unpack: boolean): Promise<void> {
  // pieces are joined into reusable, page-aligned buffers when gunzip tells when it is
  // done with one; those also let the blob file bypass the page cache
  const pool = downloadPieces(layer.compression);
  const blob = await BlobWriter.create(p, { direct: pool !== undefined });
  const workDir = tmpPath(p, 'layer');
  const diffHash = createHash('sha256');
  let extracting: Promise<unknown> | undefined;
  try {
    if (unpack) {
      await spreadSubdirectories(p.tmp);
      await mkdir(workDir, { mode: 0o755 });
    }
    const dec = decompressor(layer.compression);
    // a piece goes back to the pool once the blob file has it and gunzip consumed it
    // (zlib's bytesWritten counts input consumed)
    const inflight: { piece: Buffer; end: number; stored: boolean }[] = [];
    let fed = 0;
    const recycle = (consumed: number): void => {
      for (let head = inflight[0]; head?.stored && head.end <= consumed; head = inflight[0]) {
        inflight.shift();
        pool?.give(head.piece);
      }
    };
    const tap = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of coalesce(source, PIECE, pool)) {
        const entry = pool ? { piece: chunk, end: (fed += chunk.length), stored: false } : undefined;
        if (entry) inflight.push(entry);
        await blob.write(chunk, entry ? { aligned: pool?.owns(chunk), written: () => void (entry.stored = true) } : {});
        yield chunk;
        if (dec instanceof Gunzip) recycle(dec.bytesWritten);
      }
    };
    const hashTar = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of src) {
        diffHash.update(chunk);
        yield chunk;
      }
    };
    const sink = async (src: AsyncIterable<Buffer>): Promise<void> => {
      if (!unpack) {
        for await (const _ of src) void _;
        return;
      }
      extracting = extractLayer(readTar(src), {
        dir: workDir,
        whiteoutPrototype: p.whiteout,
        scratchFile: `${workDir}.xattrs`,
        keepOwners: process.getuid?.() === 0,
      });
      await extracting;
    };
    if (dec) await pipeline(tap, dec, hashTar, sink);
    else await pipeline(tap, hashTar, sink);
    const diffId = `sha256:${diffHash.digest('hex')}`;
    // both digests are known only now, after the last byte was unpacked: the compressed
    // one is checked first (its failure is the more basic one), and nothing of the
    // layer is published unless both match
    if (blob.digest() !== layer.digest) throw new DigestMismatchError(`layer ${layer.digest}`, layer.digest, blob.digest());
    if (diffId !== layer.diffId) throw new DigestMismatchError(`layer ${layer.digest} (uncompressed)`, layer.diffId, diffId);
    await blob.commit(layer.digest, `layer ${layer.digest}`);
    // every write has landed and gunzip has consumed everything: the last pieces are free
    for (const e of inflight.splice(0)) pool?.give(e.piece);
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
