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
import { coalesce } from './coalesce.js';
import { layerPath, tmpPath, type StorePaths } from './paths.js';
import type { LayerCompression } from '../../registry/manifest.js';

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
  if (c === 'gzip') return createGunzip({ chunkSize: 256 * 1024 });
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
  const blob = await BlobWriter.create(p);
  const workDir = tmpPath(p, 'layer');
  const diffHash = createHash('sha256');
  try {
    if (unpack) await mkdir(workDir, { mode: 0o755 });
    const tap = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of coalesce(source)) {
        await blob.write(chunk);
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
      if (!unpack) {
        for await (const _ of src) void _;
        return;
      }
      await extractLayer(readTar(src), {
        dir: workDir,
        whiteoutPrototype: p.whiteout,
        scratchFile: `${workDir}.xattrs`,
        keepOwners: process.getuid?.() === 0,
      });
    };
    const dec = decompressor(layer.compression);
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
