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
