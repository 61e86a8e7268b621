import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spreadSubdirectories } from '../../../../src/native/image/store/spread-hint.js';

function fsType(dir: string): string {
  return execFileSync('stat', ['-f', '-c', '%T', dir]).toString().trim();
}

test('the layer work directory is marked for ext4 to spread its subdirectories over block groups', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-spread-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await spreadSubdirectories(dir);
  if (!fsType(dir).startsWith('ext')) return t.skip(`${tmpdir()} is not ext2/3/4, where the flag does not exist`);
  const attrs = execFileSync('lsattr', ['-d', dir]).toString().split(' ')[0] ?? '';
  assert.match(attrs, /T/, `lsattr shows ${attrs}`);
});

test('a directory where the flag cannot be set is no error', async () => {
  await spreadSubdirectories('/nonexistent/berth-spread-test');
  await spreadSubdirectories('/proc');
});
