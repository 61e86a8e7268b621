/**
 * Unpacks an image archive (docker save, OCI layout tar) into a work directory so its
 * files can be read by name. Only regular files, directories and symlinks that stay
 * inside the directory are written (docker save links shared layers as
 * `../<id>/layer.tar`); names are checked like layer entries.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, symlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { readTar } from '../unpack/tar-reader.js';
import { cleanEntryName, parentOf, UnsafeEntryError } from '../unpack/safe-path.js';
import type { LayerCompression } from '../../registry/manifest.js';

export async function unpackArchive(file: string, compression: LayerCompression, dir: string): Promise<void> {
  const made = new Set<string>(['']);
  const ensureDir = async (rel: string): Promise<void> => {
    if (made.has(rel)) return;
    await ensureDir(parentOf(rel));
    await mkdir(join(dir, rel)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    made.add(rel);
  };
  const sink = async (src: AsyncIterable<Buffer>): Promise<void> => {
    for await (const { header, body } of readTar(src)) {
      const rel = cleanEntryName(header.name);
      if (rel === '') continue;
      if (header.type === 'directory') {
        await ensureDir(rel);
      } else if (header.type === 'file') {
        await ensureDir(parentOf(rel));
        const fh = await open(join(dir, rel), 'wx', 0o600);
        try {
          for await (const chunk of body) await fh.write(chunk);
        } finally {
          await fh.close();
        }
      } else if (header.type === 'symlink') {
        const resolved = posix.join(parentOf(rel), header.linkname);
        if (header.linkname.startsWith('/') || resolved.startsWith('..')) {
          throw new UnsafeEntryError(header.name, `links to "${header.linkname}", outside the archive`);
        }
        await ensureDir(parentOf(rel));
        await symlink(header.linkname, join(dir, rel));
      }
    }
  };
  const stages = compression === 'gzip' ? [createGunzip(), sink] : [sink];
  await (pipeline as (...s: unknown[]) => Promise<void>)(createReadStream(file, { highWaterMark: 256 * 1024 }), ...stages);
}
