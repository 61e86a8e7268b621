/**
 * A streaming tar reader. Each entry's body must be consumed (or is skipped) before
 * the next entry is read; nothing but headers is buffered.
 */
import { ByteReader } from './byte-reader.js';
import { applyPax, checksumOk, decodeHeader, isZeroBlock, parsePax, type TarHeader } from './tar-header.js';

export interface TarEntry {
  readonly header: TarHeader;
  /** the entry's data; iterate at most once */
  readonly body: AsyncIterable<Buffer>;
}

const MAX_META = 1 << 20;

function padding(size: number): number {
  return (512 - (size % 512)) % 512;
}

export async function* readTar(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  let pax = new Map<string, Buffer>();
  const globalPax = new Map<string, Buffer>();
  let longName: string | undefined;
  let longLink: string | undefined;
  try {
    for (;;) {
      const block = await reader.read(512);
      if (block.length === 0) break;
      if (block.length < 512) throw new Error('unexpected end of archive in a header');
      if (isZeroBlock(block)) break;
      if (!checksumOk(block)) throw new Error('invalid tar header checksum (not a tar archive, or corrupt)');
      const { typeflag, header } = decodeHeader(block);
      if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
        if (header.size > MAX_META) throw new Error(`tar meta entry of ${header.size} bytes is too large`);
        const data = await reader.read(header.size);
        await reader.skip(padding(header.size));
        if (typeflag === 'x') pax = parsePax(data);
        else if (typeflag === 'g') for (const [k, v] of parsePax(data)) globalPax.set(k, v);
        else if (typeflag === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
        else longLink = data.toString('utf8').replace(/\0+$/, '');
        continue;
      }
      if (longName !== undefined) header.name = longName;
      if (longLink !== undefined) header.linkname = longLink;
      applyPax(header, globalPax);
      applyPax(header, pax);
      pax = new Map();
      longName = longLink = undefined;
      // links and directories carry no data even when a size is recorded
      const dataSize = header.type === 'file' ? header.size : 0;
      let consumed = false;
      const body: AsyncIterable<Buffer> = {
        [Symbol.asyncIterator]: () => {
          if (consumed) throw new Error('tar entry body read twice');
          consumed = true;
          return reader.chunks(dataSize);
        },
      };
      yield { header, body };
      if (!consumed) await reader.skip(dataSize);
      await reader.skip(padding(dataSize));
    }
    // let upstream (hashing, file writing) see the trailing bytes too
    await reader.drain();
  } finally {
    await reader.close();
  }
}
