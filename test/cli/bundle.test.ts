/**
 * The bundled bin (dist/cli/compose.mjs, built by scripts/bundle-cli.mjs) is what users
 * run; the other CLI tests run tsc's output. These run the bundle itself, so a bundle
 * that lost a path, a chunk or an error class fails here, and compare it with tsc's output.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI } from '../helpers/run-cli.js';
import { testdir } from '../helpers/testdir.js';
import { VERSION } from '../../src/version.js';

const DIST = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(DIST, 'cli/compose.mjs');
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

test('an error thrown in a lazily loaded chunk keeps its type (docker backend, no daemon)', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx}\n' }, t);
  // dockerode is loaded from node_modules by the docker backend's chunk; the socket does not exist
  const r = run(BIN, ['--backend', 'docker', 'ps'], dir, { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /cannot connect to the Docker daemon/);
  assert.doesNotMatch(r.stderr, /internal error/);
});

test('the native backend chunk loads and lists an empty state root', (t) => {
  if (!haveBundle(t)) return;
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx}\n', 'state/.keep': '' }, t);
  const r = run(BIN, ['ps'], dir, { BERTH_ROOT: join(dir, 'state') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME +IMAGE +SERVICE/);
});

/** every output file the entry loads before running anything (its static import closure) */
function staticClosure(meta: Meta, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  return seen;
}

interface Meta {
  readonly outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
}

test('config loads no runtime, Docker client or progress UI, and no chunk beyond the start-up set', (t) => {
  if (!haveBundle(t)) return;
  const meta = JSON.parse(readFileSync(META, 'utf8')) as Meta;
  const closure = staticClosure(meta, 'dist/cli/compose.mjs');
  const inputs = [...closure].flatMap((f) => Object.keys(meta.outputs[f]?.inputs ?? {}));
  assert.ok(inputs.some((i) => i.includes('dist/src/parser/normalize/')), 'the start-up set has no parser module: the metafile is not what this test expects');
  const heavy = inputs.filter((i) => /node_modules\/(dockerode|docker-modem|ssh2|listr2)\/|dist\/src\/(native|docker|executor)\/|dist\/src\/progress\/tty/.test(i));
  assert.deepEqual(heavy, []);
  // the static set is what actually loads: config reads no further chunk and nothing from node_modules
  const dir = testdir({ 'compose.yaml': 'services:\n  web: {image: nginx, ports: ["80:80"], depends_on: [db]}\n  db: {image: postgres}\n' }, t);
  writeFileSync(join(dir, 'hook.mjs'), "export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n");
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});\n`);
  const r = run(BIN, ['config'], dir, {}, ['--import', pathToFileURL(join(dir, 'register.mjs')).href]);
  assert.equal(r.code, 0, r.stderr);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED file:')).map((l) => fileURLToPath(l.slice('LOADED '.length)));
  assert.ok(loaded.includes(BIN), 'the module hook did not see the bundle');
  const root = join(DIST, '..');
  const outside = loaded.map((f) => relative(root, f)).filter((f) => !f.startsWith('..') && !closure.has(f));
  assert.deepEqual(outside, []);
});
