import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readTar } from '../../../../src/native/image/unpack/tar-reader.js';

async function collect(buf: Buffer): Promise<{ name: string; type: string; data: string; linkname: string; mode: number }[]> {
  const out = [];
  for await (const e of readTar(Readable.from([buf]))) {
    const parts: Buffer[] = [];
    for await (const c of e.body) parts.push(c);
    out.push({ name: e.header.name, type: e.header.type, data: Buffer.concat(parts).toString(), linkname: e.header.linkname, mode: e.header.mode });
  }
  return out;
}

test('reads archives written by GNU tar, including long names (GNU and PAX)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-tar-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const long = 'n'.repeat(150);
  await mkdir(join(dir, 'src', 'sub'), { recursive: true });
  await writeFile(join(dir, 'src', 'sub', 'f.txt'), 'content');
  await writeFile(join(dir, 'src', long), 'long');
  await symlink('sub/f.txt', join(dir, 'src', 'ln'));
  for (const format of ['gnu', 'pax']) {
    const archive = execFileSync('tar', [`--format=${format}`, '-C', join(dir, 'src'), '-cf', '-', '--sort=name', '.']);
    const entries = await collect(archive);
    const byName = new Map(entries.map((e) => [e.name.replace(/^\.\//, ''), e]));
    assert.equal(byName.get('sub/f.txt')?.data, 'content', format);
    assert.equal(byName.get(long)?.data, 'long', format);
    assert.equal(byName.get('ln')?.type, 'symlink');
    assert.equal(byName.get('ln')?.linkname, 'sub/f.txt');
    assert.equal(byName.get('sub/')?.type, 'directory');
  }
});

test('rejects data that is not a tar archive', async () => {
  await assert.rejects(collect(Buffer.alloc(1024, 7)), /invalid tar header checksum/);
});

test('headers, PAX records and xattrs survive a source that reuses its buffer (as gunzip does)', async () => {
  const { tarBuffer } = await import('../../../helpers/tar-writer.js');
  const long = `${'d'.repeat(120)}/file`;
  const archive = tarBuffer([
    { name: 'a.txt', data: 'alpha' },
    { name: long, data: 'long-named', xattrs: { 'user.tag': 'kept', 'security.capability': Buffer.from([1, 2, 3]) } },
    { name: 'b.bin', data: Buffer.alloc(3000, 7) },
  ]);
  // one buffer for every chunk, scribbled over when the next chunk is asked for: whatever
  // the reader keeps past that point must be its own copy
  async function* reusing(size: number): AsyncGenerator<Buffer> {
    const buf = Buffer.alloc(size);
    for (let off = 0; off < archive.length; off += size) {
      const n = archive.copy(buf, 0, off, off + size);
      yield buf.subarray(0, n);
      buf.fill(0xee);
    }
  }
  for (const size of [512, 700, 4096]) {
    const seen = new Map<string, { data: string; xattrs: Record<string, Buffer> }>();
    for await (const e of readTar(reusing(size))) {
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(Buffer.from(c));
      seen.set(e.header.name, { data: Buffer.concat(parts).toString('latin1'), xattrs: e.header.xattrs });
    }
    // checked once the whole archive went through the buffer
    assert.deepEqual([...seen.keys()], ['a.txt', long, 'b.bin'], `chunks of ${size}`);
    assert.equal(seen.get('a.txt')?.data, 'alpha');
    assert.equal(seen.get(long)?.data, 'long-named');
    assert.equal(seen.get('b.bin')?.data, Buffer.alloc(3000, 7).toString('latin1'));
    const x = seen.get(long)?.xattrs ?? {};
    assert.equal(x['user.tag']?.toString(), 'kept', `chunks of ${size}`);
    assert.deepEqual([...(x['security.capability'] ?? [])], [1, 2, 3], `chunks of ${size}`);
  }
});

async function entriesOf(archive: Buffer, opts: { chunk?: number; read?: (name: string) => boolean } = {}) {
  const chunk = opts.chunk ?? archive.length;
  const pieces = [];
  for (let off = 0; off < archive.length; off += chunk) pieces.push(archive.subarray(off, off + chunk));
  const out = [];
  for await (const e of readTar(Readable.from(pieces))) {
    let data: string | undefined;
    if (opts.read?.(e.header.name) ?? true) {
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(Buffer.from(c));
      data = Buffer.concat(parts).toString('latin1');
    }
    out.push({ name: e.header.name, linkname: e.header.linkname, uid: e.header.uid, mtime: e.header.mtime, data });
  }
  return out;
}

test('a PAX record (x) applies to the next entry only, a global one (g) to every entry after it', async () => {
  const { rawEntry, paxData } = await import('../../../helpers/tar-writer.js');
  const archive = Buffer.concat([
    rawEntry('first', '0', 'one'),
    rawEntry('GlobalHead', 'g', paxData({ uid: '7' })),
    rawEntry('PaxHeader', 'x', paxData({ path: 'renamed/by/pax', mtime: '1234.75' })),
    rawEntry('second', '0', 'two'),
    rawEntry('third', '0', 'three'),
    Buffer.alloc(1024),
  ]);
  assert.deepEqual(await entriesOf(archive), [
    { name: 'first', linkname: '', uid: 0, mtime: 1_700_000_000, data: 'one' },
    { name: 'renamed/by/pax', linkname: '', uid: 7, mtime: 1234, data: 'two' },
    { name: 'third', linkname: '', uid: 7, mtime: 1_700_000_000, data: 'three' },
  ]);
});

test('GNU long names (L) and long link names (K) apply to the next entry only', async () => {
  const { rawEntry } = await import('../../../helpers/tar-writer.js');
  const longName = `${'a'.repeat(130)}/link`;
  const longTarget = `${'b'.repeat(140)}/target`;
  const archive = Buffer.concat([
    rawEntry('././@LongLink', 'L', `${longName}\0`),
    rawEntry('././@LongLink', 'K', `${longTarget}\0`),
    rawEntry('short-name', '2', '', { linkname: 'short-target' }),
    rawEntry('plain', '2', '', { linkname: 'own-target' }),
    Buffer.alloc(1024),
  ]);
  const got = await entriesOf(archive);
  assert.deepEqual(got.map((e) => [e.name, e.linkname]), [[longName, longTarget], ['plain', 'own-target']]);
});

test('bodies left unread are skipped, whatever their size and however the source is cut', async () => {
  const { tarBuffer } = await import('../../../helpers/tar-writer.js');
  const sizes = [0, 1, 511, 512, 513, 5000];
  const archive = tarBuffer(sizes.map((n) => ({ name: `f${n}`, data: Buffer.alloc(n, 0x41 + (n % 26)) })));
  for (const chunk of [1, 100, 512, 4096, archive.length]) {
    // every other entry read, the rest left for the reader to skip
    const got = await entriesOf(archive, { chunk, read: (name) => sizes.indexOf(Number(name.slice(1))) % 2 === 0 });
    assert.deepEqual(got.map((e) => e.name), sizes.map((n) => `f${n}`), `pieces of ${chunk}`);
    for (const [i, e] of got.entries()) {
      const n = sizes[i] as number;
      assert.equal(e.data, i % 2 === 0 ? Buffer.alloc(n, 0x41 + (n % 26)).toString('latin1') : undefined, `${e.name}, pieces of ${chunk}`);
    }
  }
});

test('the bytes after the end-of-archive blocks are still read from the source', async () => {
  const { tarBuffer } = await import('../../../helpers/tar-writer.js');
  // upstream of the reader the bytes are hashed: a diff id covers the whole stream
  const archive = Buffer.concat([tarBuffer([{ name: 'f', data: 'x' }]), Buffer.alloc(10 * 512)]);
  let delivered = 0;
  async function* source() {
    for (let off = 0; off < archive.length; off += 1000) {
      const piece = archive.subarray(off, off + 1000);
      delivered += piece.length;
      yield piece;
    }
  }
  const names = [];
  for await (const e of readTar(source())) names.push(e.header.name);
  assert.deepEqual(names, ['f']);
  assert.equal(delivered, archive.length);
});

test('a truncated archive, a body read twice and an oversized meta entry fail clearly', async () => {
  const { tarBuffer, rawEntry } = await import('../../../helpers/tar-writer.js');
  const archive = tarBuffer([{ name: 'big', data: Buffer.alloc(3000, 1) }]);
  await assert.rejects(entriesOf(archive.subarray(0, 512 + 1000)), /unexpected end of archive \(2000 bytes missing\)/);
  await assert.rejects(entriesOf(archive.subarray(0, 512 + 1000), { read: () => false }), /unexpected end of archive/);
  await assert.rejects(entriesOf(archive.subarray(0, 300)), /unexpected end of archive in a header/);
  await assert.rejects(async () => {
    for await (const e of readTar(Readable.from([archive]))) {
      for await (const _ of e.body) void _;
      for await (const _ of e.body) void _;
    }
  }, /tar entry body read twice/);
  const hugeMeta = Buffer.concat([rawEntry('PaxHeader', 'x', Buffer.alloc((1 << 20) + 1, 0x30)), Buffer.alloc(1024)]);
  await assert.rejects(entriesOf(hugeMeta), /tar meta entry of 1048577 bytes is too large/);
});

test('a body left after its first pieces is skipped to its end', async () => {
  const { tarBuffer } = await import('../../../helpers/tar-writer.js');
  const archive = tarBuffer([
    { name: 'big', data: Buffer.alloc(10_000, 1) },
    { name: 'after', data: 'still read' },
  ]);
  for (const chunk of [100, 512, 3000]) {
    const pieces = [];
    for (let off = 0; off < archive.length; off += chunk) pieces.push(archive.subarray(off, off + chunk));
    const seen: [string, string][] = [];
    for await (const e of readTar(Readable.from(pieces))) {
      let first = '';
      for await (const c of e.body) {
        first = Buffer.from(c).toString('latin1');
        break;
      }
      seen.push([e.header.name, first.slice(0, 10)]);
    }
    assert.deepEqual(seen, [['big', '\x01'.repeat(10)], ['after', 'still read']], `pieces of ${chunk}`);
  }
});
