import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject, type LoadOptions } from '../../src/parser/index.js';
import { ComposeFileError, ComposeFileErrors } from '../../src/errors.js';
import { testdir } from '../helpers/testdir.js';

const load = (cwd: string, o: Partial<LoadOptions> = {}) =>
  loadProject({ files: [], envFiles: [], profiles: [], env: {}, cwd, ...o });

const messages = (e: unknown) => (e instanceof ComposeFileErrors ? e.errors.map((x) => x.message) : [(e as Error).message]);

test('extends in the same file, through a chain, with the merge rules', async (t) => {
  const dir = testdir({
    'compose.yaml': [
      'services:',
      '  base:',
      '    image: busybox',
      '    environment: [A=1, B=2]',
      '    command: [sleep, "1"]',
      '  middle:',
      '    extends: base',
      '    environment: [B=3]',
      '  web:',
      '    extends:',
      '      service: middle',
      '    command: [sleep, "2"]',
      '    ports: ["80:80"]',
    ].join('\n'),
  }, t);
  const web = (await load(dir)).project.services.web;
  assert.equal(web?.image, 'busybox');
  assert.deepEqual(web?.environment, { A: '1', B: '3' });
  assert.deepEqual(web?.command, ['sleep', '2']);
  assert.equal(web?.ports.length, 1);
});

test('extends from another file: its relative paths keep pointing into its directory', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n    environment: [LOCAL=1]\n',
    'common/base.yaml': 'services:\n  app:\n    build: ./app\n    environment: [BASE=1]\n    volumes: ["./data:/data"]\n',
  }, t);
  const web = (await load(dir)).project.services.web;
  assert.equal(web?.build?.context, join(dir, 'common/app'));
  assert.equal(web?.volumes[0]?.source, join(dir, 'common/data'));
  assert.deepEqual(web?.environment, { BASE: '1', LOCAL: '1' });
});

test('!reset in the extending service removes an inherited value', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  base:\n    image: busybox\n    ports: ["80:80"]\n  web:\n    extends: base\n    ports: !reset []\n',
  }, t);
  const r = await load(dir);
  assert.equal(r.project.services.base?.ports.length, 1);
  assert.deepEqual(r.project.services.web?.ports, []);
});

test('a cycle is reported as its path, at the extends key', async (t) => {
  const dir = testdir({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: a\n' }, t);
  await assert.rejects(load(dir), (e: unknown) => {
    const m = messages(e);
    assert.ok(m.some((x) => /^compose\.yaml:\d+:\d+: services\.[ab]\.extends: extends forms a cycle: (a -> b -> a|b -> a -> b)$/.test(x)), m.join('\n'));
    return true;
  });
});

test('extending an unknown service or a missing file is an error at the reference', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  a:\n    extends:\n      service: nope\n  b:\n    extends:\n      file: missing.yaml\n      service: x\n',
  }, t);
  await assert.rejects(load(dir), (e: unknown) => {
    assert.ok(e instanceof ComposeFileError || e instanceof ComposeFileErrors);
    const m = messages(e);
    assert.ok(m.some((x) => x.startsWith('compose.yaml:4:16: services.a.extends.service: service "nope" to extend is not defined')), m.join('\n'));
    assert.ok(m.some((x) => /^compose\.yaml:7:13: services\.b\.extends\.file: cannot read extended file missing\.yaml/.test(x)), m.join('\n'));
    return true;
  });
});

test('depends_on is inherited from the base and merged, as Docker Compose v2 does today', async (t) => {
  const dir = testdir({
    'compose.yaml': [
      'services:',
      '  redis:',
      '    image: redis',
      '  pg:',
      '    image: postgres',
      '  base:',
      '    image: busybox',
      '    depends_on: [redis]',
      '  job:',
      '    extends: base',
      '    depends_on:',
      '      pg:',
      '        condition: service_healthy',
    ].join('\n'),
  }, t);
  const job = (await load(dir)).project.services.job;
  assert.deepEqual(Object.keys(job?.depends_on ?? {}).sort(), ['pg', 'redis']);
  assert.equal(job?.depends_on.pg?.condition, 'service_healthy');
});
