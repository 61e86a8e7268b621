import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { extractLayer } from '../../../../src/native/image/unpack/extract.js';
import { readTar } from '../../../../src/native/image/unpack/tar-reader.js';
import { tarBuffer, type TarSpec } from '../../../helpers/tar-writer.js';

const isRoot = process.getuid?.() === 0;

async function setup(t: { after: (fn: () => Promise<void>) => void }): Promise<{ base: string; layer: string; outside: string }> {
  const base = await mkdtemp(join(tmpdir(), 'berth-unpack-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const layer = join(base, 'layer');
  const outside = join(base, 'outside');
  await mkdir(layer);
  await mkdir(outside);
  return { base, layer, outside };
}

function chunked(buf: Buffer, size = 700): AsyncIterable<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function extract(base: string, layer: string, entries: TarSpec[]): Promise<void> {
  await extractLayer(readTar(chunked(tarBuffer(entries))), {
    dir: layer,
    whiteoutPrototype: join(base, 'whiteout'),
    scratchFile: join(base, 'xattrs'),
    keepOwners: isRoot,
  });
}

function needRoot(t: { skip: (m: string) => void }): boolean {
  if (isRoot) return true;
  if (process.env.CI === 'true') assert.fail('this test needs root (mknod, chown, trusted.* xattrs)');
  t.skip('needs root');
  return false;
}

test('regular files, directories, symlinks and hard links keep their content and metadata', async (t) => {
  const { base, layer } = await setup(t);
  const big = Buffer.alloc(300_000, 'x');
  await extract(base, layer, [
    { name: './', type: 'directory', mode: 0o755 },
    { name: 'etc/', type: 'directory', mode: 0o750, mtime: 1_600_000_000 },
    { name: 'etc/motd', data: 'hello\n', mode: 0o640, mtime: 1_500_000_000 },
    { name: 'bin/big', data: big, mode: 0o755 },
    { name: 'bin/link', type: 'hardlink', linkname: 'bin/big' },
    { name: 'bin/sh', type: 'symlink', linkname: '/bin/big' },
    { name: 'deep/' + 'd'.repeat(120) + '/file', data: 'long name' },
  ]);
  assert.equal(await readFile(join(layer, 'etc/motd'), 'utf8'), 'hello\n');
  const motd = await stat(join(layer, 'etc/motd'));
  assert.equal(motd.mode & 0o7777, 0o640);
  assert.equal(motd.mtimeMs, 1_500_000_000_000);
  const etc = await stat(join(layer, 'etc'));
  assert.equal(etc.mode & 0o7777, 0o750);
  assert.equal(etc.mtimeMs, 1_600_000_000_000);
  assert.deepEqual(await readFile(join(layer, 'bin/big')), big);
  assert.equal((await stat(join(layer, 'bin/link'))).ino, (await stat(join(layer, 'bin/big'))).ino);
  assert.equal(await readlink(join(layer, 'bin/sh')), '/bin/big');
  assert.equal(await readFile(join(layer, 'deep/' + 'd'.repeat(120) + '/file'), 'utf8'), 'long name');
});

test('owners and setuid bits are kept (root)', async (t) => {
  if (!needRoot(t)) return;
  const { base, layer } = await setup(t);
  await extract(base, layer, [
    { name: 'bin/su', data: 'x', mode: 0o4755, uid: 0, gid: 0 },
    { name: 'home/u/', type: 'directory', mode: 0o700, uid: 1000, gid: 1001 },
    { name: 'home/u/f', data: 'x', mode: 0o2640, uid: 1000, gid: 50 },
    { name: 'home/u/l', type: 'symlink', linkname: 'f', uid: 1000, gid: 1000 },
  ]);
  assert.equal((await stat(join(layer, 'bin/su'))).mode & 0o7777, 0o4755);
  const f = await stat(join(layer, 'home/u/f'));
  assert.deepEqual([f.uid, f.gid, f.mode & 0o7777], [1000, 50, 0o2640]);
  const d = await stat(join(layer, 'home/u'));
  assert.deepEqual([d.uid, d.gid, d.mode & 0o7777], [1000, 1001, 0o700]);
  assert.equal((await lstat(join(layer, 'home/u/l'))).uid, 1000);
});

test('whiteouts become 0:0 character devices and opaque directories get the overlay xattr (root)', async (t) => {
  if (!needRoot(t)) return;
  const { base, layer } = await setup(t);
  await extract(base, layer, [
    { name: 'etc/.wh.passwd', data: '' },
    { name: 'etc/.wh.group', data: '' },
    { name: 'var/cache/', type: 'directory' },
    { name: 'var/cache/.wh..wh..opq', data: '' },
    { name: 'var/cache/new', data: 'n' },
    { name: 'data', data: 'x', xattrs: { 'user.berth': 'v1' } },
  ]);
  for (const n of ['etc/passwd', 'etc/group']) {
    const s = await lstat(join(layer, n));
    assert.ok(s.isCharacterDevice(), n);
    assert.equal(s.rdev, 0);
  }
  assert.deepEqual((await readdir(join(layer, 'etc'))).sort(), ['group', 'passwd']);
  assert.deepEqual(await readdir(join(layer, 'var/cache')), ['new']);
  const opaque = execFileSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(layer, 'var/cache')]).toString();
  assert.equal(opaque, 'y');
  const user = execFileSync('getfattr', ['--only-values', '-n', 'user.berth', join(layer, 'data')]).toString();
  assert.equal(user, 'v1');
});

test('a later entry replaces an earlier one of another type', async (t) => {
  const { base, layer } = await setup(t);
  await extract(base, layer, [
    { name: 'a/b', data: 'file' },
    { name: 'a', type: 'symlink', linkname: 'elsewhere' },
    { name: 'c', type: 'symlink', linkname: 'x' },
    { name: 'c', data: 'now a file' },
  ]);
  assert.equal(await readlink(join(layer, 'a')), 'elsewhere');
  assert.equal(await readFile(join(layer, 'c'), 'utf8'), 'now a file');
});

// Hostile layers: each must fail with a message naming the entry, and write nothing outside.
const attacks: [string, (outside: string) => TarSpec[], RegExp][] = [
  ['dot-dot path', () => [{ name: '../outside/pwned', data: 'x' }], /layer entry "\.\.\/outside\/pwned" has "\.\." in its path/],
  ['dot-dot inside path', () => [{ name: 'a/../../outside/pwned', data: 'x' }], /has "\.\." in its path/],
  ['absolute path', (o) => [{ name: `${o}/pwned`, data: 'x' }], /has an absolute path/],
  ['symlinked parent (absolute)', (o) => [{ name: 'evil', type: 'symlink', linkname: o }, { name: 'evil/pwned', data: 'x' }], /goes through "evil", a symbolic link/],
  ['symlinked parent (relative)', () => [{ name: 'evil', type: 'symlink', linkname: '../outside' }, { name: 'evil/pwned', data: 'x' }], /a symbolic link/],
  ['symlinked grandparent', (o) => [{ name: 'd/', type: 'directory' }, { name: 'd/evil', type: 'symlink', linkname: o }, { name: 'd/evil/x/pwned', data: 'x' }], /goes through "d\/evil"/],
  ['hard link to outside (dot-dot)', () => [{ name: 'pwned', type: 'hardlink', linkname: '../outside/secret' }], /has "\.\." in its hard link target/],
  ['hard link to outside (absolute)', (o) => [{ name: 'pwned', type: 'hardlink', linkname: `${o}/secret` }], /absolute hard link target/],
  ['hard link through a symlink', (o) => [{ name: 'evil', type: 'symlink', linkname: o }, { name: 'pwned', type: 'hardlink', linkname: 'evil/secret' }], /a symbolic link/],
  ['hard link to a missing file', () => [{ name: 'pwned', type: 'hardlink', linkname: 'nope' }], /not in this layer/],
  ['whiteout of dot-dot', () => [{ name: 'a/.wh...', data: '' }], /whiteout for an invalid name/],
  ['symlink then whiteout through it', (o) => [{ name: 'evil', type: 'symlink', linkname: o }, { name: 'evil/.wh.secret', data: '' }], /a symbolic link/],
];

for (const [name, entries, message] of attacks) {
  test(`hostile layer: ${name} is refused`, async (t) => {
    const { base, layer, outside } = await setup(t);
    await writeFile(join(outside, 'secret'), 'keep me');
    await assert.rejects(extract(base, layer, entries(outside)), message);
    assert.deepEqual(await readdir(outside), ['secret']);
    assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'keep me');
    assert.equal((await stat(join(outside, 'secret'))).nlink, 1);
  });
}

test('a symlink that exists before extraction is not followed either', async (t) => {
  const { base, layer, outside } = await setup(t);
  await symlink(outside, join(layer, 'pre'));
  await assert.rejects(extract(base, layer, [{ name: 'pre/pwned', data: 'x' }]), /a symbolic link/);
  await extract(base, layer, [{ name: 'pre', data: 'x' }]).catch(() => undefined);
  assert.deepEqual(await readdir(outside), []);
});
