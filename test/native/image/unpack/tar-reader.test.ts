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
