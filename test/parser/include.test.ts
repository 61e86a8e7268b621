import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject, type LoadOptions } from '../../src/parser/index.js';
import { testdir } from '../helpers/testdir.js';

const load = (cwd: string, o: Partial<LoadOptions> = {}) =>
  loadProject({ files: [], envFiles: [], profiles: [], env: {}, cwd, ...o });

test('include a list of paths: resources are added, relative paths stay in their directory', async (t) => {
  const dir = testdir({
    'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n',
    'db/compose.yaml': 'services:\n  db:\n    image: postgres\n    volumes: ["./init:/docker-entrypoint-initdb.d"]\nvolumes:\n  pgdata: {}\n',
  }, t);
  const p = (await load(dir)).project;
  assert.deepEqual(Object.keys(p.services).sort(), ['db', 'web']);
  assert.equal(p.services.db?.volumes[0]?.source, join(dir, 'db/init'));
  assert.ok(p.volumes.pgdata);
  assert.equal(p.working_dir, dir);
});

test('include with project_directory and env_file: the included file is interpolated with its own env', async (t) => {
  const dir = testdir({
    'compose.yaml': 'include:\n  - path: [lib/a.yaml, lib/b.yaml]\n    project_directory: lib\n    env_file: lib/vars.env\nservices:\n  web:\n    image: "nginx:${TAG:-main}"\n',
    'lib/a.yaml': 'services:\n  cache:\n    image: "redis:${TAG}"\n',
    'lib/b.yaml': 'services:\n  cache:\n    environment: [MODE=b]\n    build: ./cache\n',
    'lib/vars.env': 'TAG=7\n',
  }, t);
  const p = (await load(dir)).project;
  assert.equal(p.services.web?.image, 'nginx:main');
  assert.equal(p.services.cache?.image, 'redis:7');
  assert.deepEqual(p.services.cache?.environment, { MODE: 'b' });
  assert.equal(p.services.cache?.build?.context, join(dir, 'lib/cache'));
});

test('the including project\'s variables win over the included env file', async (t) => {
  const dir = testdir({
    'compose.yaml': 'include:\n  - sub/compose.yaml\n',
    'sub/compose.yaml': 'services:\n  app:\n    image: "app:${TAG}"\n',
    'sub/.env': 'TAG=sub\n',
  }, t);
  assert.equal((await load(dir)).project.services.app?.image, 'app:sub');
  assert.equal((await load(dir, { env: { TAG: 'shell' } })).project.services.app?.image, 'app:shell');
});

test('a service defined both here and in an included file is an error at the local one', async (t) => {
  const dir = testdir({
    'compose.yaml': 'include:\n  - other.yaml\nservices:\n  db:\n    image: mysql\n',
    'other.yaml': 'services:\n  db:\n    image: postgres\n',
  }, t);
  await assert.rejects(load(dir), /compose\.yaml:4:3: services\.db: is defined here and also imported by include\[0\] \(other\.yaml\)/);
});

test('include cycles and missing files are errors at the include entry', async (t) => {
  const dir = testdir({
    'compose.yaml': 'include:\n  - a.yaml\nservices:\n  web:\n    image: nginx\n',
    'a.yaml': 'include:\n  - compose.yaml\n',
    'b/compose.yaml': 'include:\n  - nowhere.yaml\n',
  }, t);
  await assert.rejects(load(dir), /a\.yaml:2:5: include\[0\]: include cycle/);
  await assert.rejects(load(join(dir, 'b')), /compose\.yaml:2:5: include\[0\]: cannot include nowhere\.yaml: compose file .* not found/);
});
