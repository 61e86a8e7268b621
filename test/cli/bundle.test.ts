/**
 * The bundled bin (dist/cli/compose.cjs, the launcher from src/cli/launcher.cjs, running
 * dist/cli/compose-bundle.cjs; built by scripts/bundle-cli.mjs) is what users run; the other
 * CLI tests run tsc's output. These run the bundle itself, so a bundle that lost a path, a
 * lazily loaded module or an error class fails here, and compare it with tsc's output.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from '../helpers/run-cli.js';
import { testdir } from '../helpers/testdir.js';
import { VERSION } from '../../src/version.js';

const DIST = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(DIST, 'cli/compose.cjs');
const BUNDLE = join(DIST, 'cli/compose-bundle.cjs');
const CACHE = join(DIST, 'cli/compose-bundle.cache');
const META = join(DIST, 'cli-bundle-meta.json');
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(entry: string, args: readonly string[], cwd: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Run {
  const r = spawnSync(process.execPath, [...nodeArgs, entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** false (after failing or skipping visibly) when the bundle was not built */
function haveBundle(t: TestContext): boolean {
  if (existsSync(BIN) && existsSync(META)) return true;
  const why = `${BIN} is missing: build with npm run build (tsc alone does not bundle)`;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return false;
}

/** a copy of the bin and its bundle, without a code cache, in a directory removed after the test */
function binWithoutCache(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bundle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(BIN, join(dir, 'compose.cjs'));
  copyFileSync(BUNDLE, join(dir, 'compose-bundle.cjs'));
  return dir;
}

function commandNames(help: string): string[] {
  const section = help.split('\nCommands:\n')[1] ?? '';
  return section.split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
}

test('config prints what the unbundled CLI prints', (t) => {
  if (!haveBundle(t)) return;
  for (const example of ['legacy-v1', 'demo']) {
    const dir = join(EXAMPLES, example);
    const bundled = run(BIN, ['config'], dir);
    const plain = run(CLI, ['config'], dir);
    assert.equal(bundled.code, 0, bundled.stderr);
    assert.match(bundled.stdout, /^name: /);
    assert.equal(bundled.stdout, plain.stdout, example);
    assert.equal(bundled.stderr, plain.stderr, example);
  }
});

test('a compose file error reads the same from the bundle, with its position', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:xx"]\n' }, t);
  const bundled = run(BIN, ['config'], dir);
  const plain = run(CLI, ['config'], dir);
  assert.equal(bundled.code, 1);
  assert.match(bundled.stderr, /compose\.yaml:4:/);
  assert.deepEqual(bundled, plain);
});

test('--help lists every command', (t) => {
  if (!haveBundle(t)) return;
  const bundled = run(BIN, ['--help'], DIST);
  const plain = run(CLI, ['--help'], DIST);
  assert.equal(bundled.code, 0, bundled.stderr);
  const names = commandNames(bundled.stdout);
  for (const verb of ['config', 'up', 'down', 'ps', 'logs', 'exec', 'run', 'image', 'network', 'help']) assert.ok(names.includes(verb), `--help lacks ${verb}`);
  assert.deepEqual(names, commandNames(plain.stdout));
  assert.equal(bundled.stdout, plain.stdout);
});

test('--version prints the package version', (t) => {
  if (!haveBundle(t)) return;
  const r = run(BIN, ['--version'], DIST);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${VERSION}\n`);
});

test('usage errors exit 1 with commander\'s message', (t) => {
  if (!haveBundle(t)) return;
  const unknown = run(BIN, ['nosuchverb'], DIST);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command 'nosuchverb'/);
  const badChoice = run(BIN, ['config', '--format', 'xml'], join(EXAMPLES, 'legacy-v1'));
  assert.equal(badChoice.code, 1);
  assert.match(badChoice.stderr, /--format/);
});

test('an error thrown in a lazily loaded module keeps its type (docker backend, no daemon)', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx}\n' }, t);
  // dockerode is loaded from node_modules by the docker backend; the socket does not exist
  const r = run(BIN, ['--backend', 'docker', 'ps'], dir, { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /cannot connect to the Docker daemon/);
  assert.doesNotMatch(r.stderr, /internal error/);
});

test('the native backend loads and lists an empty state root', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx}\n', 'state/.keep': '' }, t);
  const r = run(BIN, ['ps'], dir, { BERTH_ROOT: join(dir, 'state') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME +IMAGE +SERVICE/);
});

test('commands that open no TLS connection do not load node:tls (either backend)', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx}\n', 'state/.keep': '' }, t);
  writeFileSync(join(dir, 'report.cjs'), "process.on('exit', () => process.stderr.write('TLS ' + process.moduleLoadList.includes('NativeModule tls') + '\\n'));\n");
  const preload = ['-r', join(dir, 'report.cjs')];
  const native = run(BIN, ['ps'], dir, { BERTH_ROOT: join(dir, 'state') }, preload);
  assert.equal(native.code, 0, native.stderr);
  assert.match(native.stderr, /^TLS false$/m, 'native ps');
  // an Engine behind a unix socket (here none: the command fails once it tries to connect)
  const docker = run(BIN, ['--backend', 'docker', 'ps'], dir, { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` }, preload);
  assert.equal(docker.code, 1, docker.stderr);
  assert.match(docker.stderr, /^TLS false$/m, 'docker ps');
});

test('config loads nothing from node_modules and no file beside the bundle', (t) => {
  if (!haveBundle(t)) return;
  const meta = JSON.parse(readFileSync(META, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
  // the precompiled schema validator is part of the bundle, so the code cache covers it
  assert.ok(inputs.some((i) => i.endsWith('dist/src/parser/validate/compose-validator.cjs')), 'the validator is not in the bundle');
  assert.ok(!inputs.some((i) => /node_modules\/(dockerode|ssh2|yaml|ajv)\//.test(i)), 'a package meant to load lazily from node_modules was bundled');
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx, ports: ["80:80"], depends_on: [db]}\n  db: {image: postgres}\n' }, t);
  // every file node's CommonJS loader read (the bundle itself is compiled by the launcher)
  writeFileSync(join(dir, 'report.cjs'), "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n");
  const r = run(BIN, ['config'], dir, {}, ['-r', join(dir, 'report.cjs')]);
  assert.equal(r.code, 0, r.stderr);
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  assert.ok(line, 'the preload did not report');
  const loaded = (JSON.parse(line.slice('LOADED '.length)) as string[]).filter((f) => f !== join(dir, 'report.cjs'));
  assert.deepEqual(loaded, [BIN]);
});

test('the bin starts from the code cache the build wrote', (t) => {
  if (!haveBundle(t)) return;
  assert.ok(existsSync(CACHE), `${CACHE} is missing`);
  const r = run(BIN, ['config', '-q'], join(EXAMPLES, 'legacy-v1'), { BERTH_CODE_CACHE_REPORT: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^berth: code cache accepted$/m);
});

test('without a usable code cache the bin still runs, and writes a fresh cache', (t) => {
  if (!haveBundle(t)) return;
  const dir = binWithoutCache(t);
  const cache = join(dir, 'compose-bundle.cache');
  const example = join(EXAMPLES, 'legacy-v1');
  const expected = run(CLI, ['config'], example).stdout;
  const env = { BERTH_CODE_CACHE_REPORT: '1' };

  const off = run(join(dir, 'compose.cjs'), ['config', '-q'], example, { ...env, BERTH_CODE_CACHE: 'off' });
  assert.equal(off.code, 0, off.stderr);
  assert.ok(!existsSync(cache), 'BERTH_CODE_CACHE=off still wrote a cache');

  const missing = run(join(dir, 'compose.cjs'), ['config'], example, env);
  assert.equal(missing.code, 0, missing.stderr);
  assert.match(missing.stderr, /code cache missing/);
  assert.equal(missing.stdout, expected);
  assert.ok(existsSync(cache), 'no cache was written at exit');
  assert.match(run(join(dir, 'compose.cjs'), ['config', '-q'], example, env).stderr, /code cache accepted/);

  // what another Node version's cache looks like to V8: not its own
  writeFileSync(cache, Buffer.alloc(4096, 7));
  const rejected = run(join(dir, 'compose.cjs'), ['config'], example, env);
  assert.equal(rejected.code, 0, rejected.stderr);
  assert.match(rejected.stderr, /code cache rejected/);
  assert.equal(rejected.stdout, expected);
  assert.match(run(join(dir, 'compose.cjs'), ['config', '-q'], example, env).stderr, /code cache accepted/);
});

test('a run that changed V8 flags (a large input) writes no cache that later runs would reject', (t) => {
  if (!haveBundle(t)) return;
  const dir = binWithoutCache(t);
  // over src/cli/heap.ts's threshold, so the run tunes the young generation
  const services = Array.from({ length: 1500 }, (_, i) => `  svc${i}:\n    image: busybox\n    command: ["sleep", "${i}"]\n    environment: {ID: "${i}"}\n`);
  const large = testdir({ 'compose.yaml': `services:\n${services.join('')}` }, t);
  const env = { BERTH_CODE_CACHE_REPORT: '1' };
  const first = run(join(dir, 'compose.cjs'), ['config', '-q'], large, env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /code cache missing/);
  const next = run(join(dir, 'compose.cjs'), ['config', '-q'], join(EXAMPLES, 'legacy-v1'), env);
  assert.doesNotMatch(next.stderr, /code cache rejected/);
});
