import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { discover } from '../../../src/parser/sources/discover.js';
import { UsageError } from '../../../src/errors.js';
import { testdir } from '../../helpers/testdir.js';

test('finds compose.yaml in the working directory, with its override', async (t) => {
  const dir = testdir({ 'compose.yaml': 'services: {}', 'compose.override.yaml': 'services: {}' }, t);
  const r = await discover(dir);
  assert.deepEqual(r.files, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
  assert.equal(r.directory, dir);
  assert.deepEqual(r.warnings, []);
});

test('walks up to a parent directory', async (t) => {
  const dir = testdir({ 'docker-compose.yml': 'services: {}', 'a/b/c/.keep': '' }, t);
  const r = await discover(join(dir, 'a/b/c'));
  assert.deepEqual(r.files, [join(dir, 'docker-compose.yml')]);
  assert.equal(r.directory, dir);
});

test('the nearest directory wins over parents', async (t) => {
  const dir = testdir({ 'compose.yaml': '', 'sub/docker-compose.yaml': '' }, t);
  const r = await discover(join(dir, 'sub'));
  assert.deepEqual(r.files, [join(dir, 'sub/docker-compose.yaml')]);
});

test('several supported names: the first by preference is used, with a warning', async (t) => {
  const dir = testdir({ 'docker-compose.yml': '', 'compose.yml': '' }, t);
  const r = await discover(dir);
  assert.deepEqual(r.files, [join(dir, 'compose.yml')]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /multiple config files.*compose\.yml.*docker-compose\.yml; using .*compose\.yml/);
});

test('no file anywhere is a usage error', async (t) => {
  const dir = testdir({ 'empty/.keep': '' }, t);
  // the temp root's parents (/tmp, /) hold no compose file on a clean machine
  await assert.rejects(discover(join(dir, 'empty')), (e: unknown) => e instanceof UsageError && /no configuration file provided/.test(e.message));
});
