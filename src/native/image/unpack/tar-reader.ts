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

/** what meta entries (PAX records, GNU long names) say about the entries after them */
class MetaState {
  private pax = new Map<string, Buffer>();
  private readonly globalPax = new Map<string, Buffer>();
  private longName: string | undefined;
  private longLink: string | undefined;

  absorb(typeflag: string, data: Buffer): void {
    if (typeflag === 'x') this.pax = parsePax(data);
    else if (typeflag === 'g') for (const [k, v] of parsePax(data)) this.globalPax.set(k, v);
    else if (typeflag === 'L') this.longName = data.toString('utf8').replace(/\0+$/, '');
    else this.longLink = data.toString('utf8').replace(/\0+$/, '');
  }

  /** applies what is pending to the next real entry's header, and forgets the per-entry part */
  applyTo(header: TarHeader): void {
    if (this.longName !== undefined) header.name = this.longName;
    if (this.longLink !== undefined) header.linkname = this.longLink;
    if (this.globalPax.size > 0) applyPax(header, this.globalPax);
    if (this.pax.size > 0) {
      applyPax(header, this.pax);
      this.pax = new Map();
    }
    this.longName = this.longLink = undefined;
  }
}

function isMeta(typeflag: string): boolean {
  return typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K';
}

async function readMeta(reader: ByteReader, typeflag: string, size: number, meta: MetaState): Promise<void> {
  if (size > MAX_META) throw new Error(`tar meta entry of ${size} bytes is too large`);
  const data = await reader.read(size);
  await reader.skip(padding(size));
  meta.absorb(typeflag, data);
}

// The generator gets its reader and state from outside on purpose. V8 allocates a
// function's type feedback only after its first calls, so code the generator runs once per
// archive (its set-up, and what only the first entries take, such as a directory's empty
// body being skipped) had none when the loop was optimised mid-layer; the next layer ran
// into it, and V8 threw the optimised loop away and compiled it again. In a traced pull
// that loop was compiled three times, ~40% of the optimising compiler's time; now twice
// (the end of the first archive is still new to it).
export function readTar(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<TarEntry> {
  return entries(new ByteReader(source), new MetaState());
}

async function* entries(reader: ByteReader, meta: MetaState): AsyncGenerator<TarEntry> {
  try {
    for (;;) {
      const block = await reader.read(512);
      if (block.length === 0) break;
      if (block.length < 512) throw new Error('unexpected end of archive in a header');
      if (isZeroBlock(block)) break;
      if (!checksumOk(block)) throw new Error('invalid tar header checksum (not a tar archive, or corrupt)');
      const { typeflag, header } = decodeHeader(block);
      if (isMeta(typeflag)) {
        await readMeta(reader, typeflag, header.size, meta);
        continue;
      }
      meta.applyTo(header);
      // links and directories carry no data even when a size is recorded
      const dataSize = header.type === 'file' ? header.size : 0;
      // what the consumer leaves of the body (all of it, or the rest after a `break`) is skipped
      const unread = { left: dataSize };
      let opened = false;
      const body: AsyncIterable<Buffer> = {
        [Symbol.asyncIterator]: () => {
          if (opened) throw new Error('tar entry body read twice');
          opened = true;
          return reader.chunks(unread);
        },
      };
      yield { header, body };
      // padding included: one call, taken by every entry
      await reader.skip(unread.left + padding(dataSize));
    }
    // let upstream (hashing, file writing) see the trailing bytes too
    await reader.drain();
  } finally {
    await reader.close();
  }
}
