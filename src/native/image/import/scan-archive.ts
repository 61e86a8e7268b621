/**
 * First look at a file given to `image import`: its compression (by magic bytes),
 * its digest and its uncompressed digest, and its top-level names, which tell an
 * image archive (`manifest.json`, `index.json` + `oci-layout`) from a plain rootfs.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { readTar } from '../unpack/tar-reader.js';
import { cleanEntryName } from '../unpack/safe-path.js';
import type { LayerCompression } from '../../registry/manifest.js';

export interface ArchiveScan {
  readonly compression: LayerCompression;
  readonly digest: string;
  readonly diffId: string;
  readonly size: number;
  readonly kind: 'docker-save' | 'oci-layout' | 'rootfs';
}

export async function sniffCompression(file: string): Promise<LayerCompression> {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await fh.close();
  }
}

export async function scanArchive(file: string): Promise<ArchiveScan> {
  const compression = await sniffCompression(file);
  if (compression === 'zstd') throw new Error(`${file}: zstd-compressed archives cannot be imported; decompress it first`);
  const raw = createHash('sha256');
  const tar = createHash('sha256');
  const top = new Set<string>();
  let size = 0;
  const rawTap = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      raw.update(c);
      size += c.length;
      yield c;
    }
  };
  const tarTap = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      tar.update(c);
      yield c;
    }
  };
  const list = async (src: AsyncIterable<Buffer>): Promise<void> => {
    for await (const entry of readTar(src)) {
      let name: string;
      try {
        name = cleanEntryName(entry.header.name);
      } catch {
        continue;
      }
      if (!name.includes('/')) top.add(name);
    }
  };
  const stages = compression === 'gzip' ? [rawTap, createGunzip(), tarTap, list] : [rawTap, tarTap, list];
  await (pipeline as (...s: unknown[]) => Promise<void>)(createReadStream(file, { highWaterMark: 256 * 1024 }), ...stages);
  const kind = top.has('index.json') && top.has('oci-layout') ? 'oci-layout' : top.has('manifest.json') ? 'docker-save' : 'rootfs';
  return { compression, digest: `sha256:${raw.digest('hex')}`, diffId: `sha256:${tar.digest('hex')}`, size, kind };
}
