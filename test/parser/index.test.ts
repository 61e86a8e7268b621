import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { loadProject, type LoadOptions } from '../../src/parser/index.js';
import { ComposeFileError, ComposeFileErrors } from '../../src/errors.js';
import { testdir } from '../helpers/testdir.js';

const load = (cwd: string, o: Partial<LoadOptions> = {}) =>
  loadProject({ files: [], envFiles: [], profiles: [], env: {}, cwd, ...o });

test('discovery merges the override file; -f does not', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: [A=1]\n',
    'compose.override.yaml': 'services:\n  web:\n    image: nginx:alpine\n    environment: [B=2]\n',
  }, t);
  const r = await load(dir);
  assert.equal(r.project.services.web?.image, 'nginx:alpine');
  assert.deepEqual(r.project.services.web?.environment, { A: '1', B: '2' });
  assert.deepEqual(r.project.config_files, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
  const only = await load(dir, { files: ['compose.yaml'] });
  assert.equal(only.project.services.web?.image, 'nginx');
});

test('from a subdirectory, the parent file is found and its directory is the project directory', async (t) => {
  const dir = testdir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes: ["./data:/data"]\n', 'src/deep/.keep': '' }, t);
  const r = await load(join(dir, 'src/deep'));
  assert.equal(r.project.working_dir, dir);
  assert.equal(r.project.services.web?.volumes[0]?.source, join(dir, 'data'));
});

test('project name: -p > COMPOSE_PROJECT_NAME (shell or .env) > name: > directory', async (t) => {
  const dir = testdir({ 'app/compose.yaml': 'name: from-file\nservices:\n  web:\n    image: nginx\n' }, t);
  const cwd = join(dir, 'app');
  assert.equal((await load(cwd, { projectName: 'flag' })).project.name, 'flag');
  assert.equal((await load(cwd, { env: { COMPOSE_PROJECT_NAME: 'shell' } })).project.name, 'shell');
  assert.equal((await load(cwd)).project.name, 'from-file');
  const plain = testdir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n', '.env': 'COMPOSE_PROJECT_NAME=dotenv\n' }, t);
  assert.equal((await load(plain)).project.name, 'dotenv');
  const noName = testdir({ 'My.Project/compose.yaml': 'services:\n  web:\n    image: nginx\n' }, t);
  assert.equal((await load(join(noName, 'My.Project'))).project.name, 'myproject');
  assert.equal(basename(noName).length > 0, true);
});

test('.env feeds interpolation, the shell wins, --env-file replaces .env', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      WHO: ${WHO:-nobody}\n',
    '.env': 'TAG=1.25\nWHO="from .env"\n',
    'other.env': 'TAG=other\n',
  }, t);
  let r = await load(dir);
  assert.equal(r.project.services.web?.image, 'nginx:1.25');
  assert.equal(r.project.services.web?.environment.WHO, 'from .env');
  r = await load(dir, { env: { TAG: 'shell' } });
  assert.equal(r.project.services.web?.image, 'nginx:shell');
  r = await load(dir, { envFiles: ['other.env'] });
  assert.equal(r.project.services.web?.image, 'nginx:other');
  assert.equal(r.project.services.web?.environment.WHO, 'nobody');
});

test('unset variables warn once each and become empty; version is ignored with a notice', async (t) => {
  const dir = testdir({ 'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: "nginx${NOPE}"\n    labels: [a=$NOPE, b=$ALSO]\n' }, t);
  const r = await load(dir);
  assert.equal(r.project.services.web?.image, 'nginx');
  assert.deepEqual(r.warnings.filter((w) => /variable is not set/.test(w)), [
    'the "NOPE" variable is not set; defaulting to a blank string',
    'the "ALSO" variable is not set; defaulting to a blank string',
  ]);
  assert.ok(r.warnings.some((w) => /compose\.yaml: the attribute "version" is obsolete/.test(w)));
});

test('a missing required variable points at the value in the file', async (t) => {
  const dir = testdir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      TOKEN: ${TOKEN:?TOKEN must be set}\n' }, t);
  await assert.rejects(load(dir), (e: unknown) => e instanceof ComposeFileError &&
    e.message === 'compose.yaml:5:14: services.web.environment.TOKEN: required variable TOKEN is missing a value: TOKEN must be set');
});

test('an error in the second -f file names that file', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n',
    'prod.yaml': 'services:\n  web:\n    image: nginx\n    ports: [}\n',
  }, t);
  await assert.rejects(load(dir, { files: ['compose.yaml', 'prod.yaml'] }), (e: unknown) =>
    e instanceof ComposeFileError && e.message.startsWith('prod.yaml:4:'));
});

test('mistakes in two files are reported together, each naming its file', async (t) => {
  const dir = testdir({
    'a.yaml': 'services:\n  web:\n    image: ${X:?need X}\n',
    'b.yaml': 'services: [\n',
  }, t);
  await assert.rejects(load(dir, { files: ['a.yaml', 'b.yaml'] }), (e: unknown) => {
    assert.ok(e instanceof ComposeFileErrors);
    assert.deepEqual(e.errors.map((x) => x.location?.file), ['a.yaml', 'b.yaml']);
    return true;
  });
});

test('a value merged from the override file is located in that file', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n',
    'compose.override.yaml': 'services:\n  web:\n    ports: ["80:80", "not a port"]\n',
  }, t);
  await assert.rejects(load(dir), (e: unknown) => {
    assert.ok(e instanceof ComposeFileError || e instanceof ComposeFileErrors);
    assert.match(e.message, /^compose\.override\.yaml:3:\d+: services\.web\.ports\[1\]/m);
    return true;
  });
});

test('the legacy v1 example loads as format v1', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const text = readFileSync(fileURLToPath(new URL('../../../examples/legacy-v1/docker-compose.yml', import.meta.url)), 'utf8');
  const dir = testdir({ 'legacy/docker-compose.yml': text }, t);
  const r = await load(join(dir, 'legacy'));
  assert.equal(r.project.format, 'v1');
  assert.deepEqual(Object.keys(r.project.services).sort(), ['db', 'rproxy', 'web']);
  assert.equal(r.project.services.rproxy?.image, 'nginx:1.9');
  assert.deepEqual(r.project.services.web?.links, [{ service: 'db', alias: 'database' }]);
  assert.equal(r.project.services.db?.environment.POSTGRES_USER, 'app');
});

test('v1 and specification files cannot be merged', async (t) => {
  const dir = testdir({ 'a.yml': 'web:\n  image: nginx\n', 'b.yml': 'services:\n  web:\n    image: nginx\n' }, t);
  await assert.rejects(load(dir, { files: ['a.yml', 'b.yml'] }), /a\.yml uses the version 1 format and b\.yml does not/);
});

test('profiles: disabled unless active; COMPOSE_PROFILES from .env; named services enable theirs', async (t) => {
  const dir = testdir({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n  debug:\n    image: busybox\n    profiles: [debug]\n',
  }, t);
  assert.deepEqual(Object.keys((await load(dir)).project.disabled_services), ['debug']);
  assert.deepEqual(Object.keys((await load(dir, { profiles: ['debug'] })).project.services).sort(), ['debug', 'web']);
  assert.deepEqual(Object.keys((await load(dir, { selectedServices: ['debug'] })).project.disabled_services), []);
  const withEnv = testdir({ 'compose.yaml': 'services:\n  debug:\n    image: busybox\n    profiles: [debug]\n', '.env': 'COMPOSE_PROFILES=debug\n' }, t);
  assert.deepEqual(Object.keys((await load(withEnv)).project.services), ['debug']);
});

test('.env syntax errors name the .env file and line', async (t) => {
  const dir = testdir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n', '.env': 'A=1\nB="open\n' }, t);
  await assert.rejects(load(dir), (e: unknown) => e instanceof ComposeFileError && /\.env:2:3: unterminated double-quoted value for B/.test(e.message));
});

test('-f - reads stdin; the working directory is the project directory', async (t) => {
  const dir = testdir({ '.env': 'TAG=9\n' }, t);
  const r = await load(dir, { files: ['-'], readStdin: async () => 'services:\n  web:\n    image: "nginx:${TAG}"\n' });
  assert.equal(r.project.services.web?.image, 'nginx:9');
  assert.equal(r.project.working_dir, dir);
  await assert.rejects(load(dir, { files: ['-'], readStdin: async () => 'services: [\n' }), /^ComposeFileError: -:\d+:\d+: invalid yaml/);
});

test('--project-directory moves discovery, .env and relative paths', async (t) => {
  const dir = testdir({ 'proj/compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    volumes: ["./d:/d"]\n', 'proj/.env': 'TAG=p\n' }, t);
  const r = await load(dir, { projectDirectory: 'proj' });
  assert.equal(r.project.services.web?.image, 'nginx:p');
  assert.equal(r.project.services.web?.volumes[0]?.source, join(dir, 'proj/d'));
});

test('COMPOSE_FILE in the working directory .env chooses the files', async (t) => {
  const dir = testdir({
    '.env': 'COMPOSE_FILE=base.yaml:extra.yaml\n',
    'base.yaml': 'services:\n  web:\n    image: nginx\n',
    'extra.yaml': 'services:\n  web:\n    image: nginx:alpine\n',
    'compose.yaml': 'services:\n  ignored:\n    image: x\n',
  }, t);
  const p = (await load(dir)).project;
  assert.deepEqual(Object.keys(p.services), ['web']);
  assert.equal(p.services.web?.image, 'nginx:alpine');
  assert.deepEqual(p.config_files, [join(dir, 'base.yaml'), join(dir, 'extra.yaml')]);
});

test('${COMPOSE_PROJECT_NAME} resolves to the project name', async (t) => {
  const dir = testdir({
    'app/compose.yaml': 'services:\n  web:\n    image: nginx\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n',
    'named/compose.yaml': 'name: chosen\nservices:\n  web:\n    image: nginx\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n',
  }, t);
  assert.equal((await load(join(dir, 'app'))).project.services.web?.container_name, 'app-web');
  assert.equal((await load(join(dir, 'app'), { projectName: 'flag' })).project.services.web?.container_name, 'flag-web');
  const named = await load(join(dir, 'named'));
  assert.equal(named.project.services.web?.container_name, 'chosen-web');
  assert.deepEqual(named.warnings, []);
});
