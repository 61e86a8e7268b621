/**
 * `compose config` through the built CLI: the awesome-compose corpus validates and
 * round-trips (output fed back in gives the same output), and every list view and
 * flag prints what it should.
 */
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.js';
import { testdir } from '../helpers/testdir.js';

const CORPUS = '/work/shared/corpus/awesome-compose';
/** samples Docker Compose itself rejects when run in their folder, and why (none of these 39) */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {};
const samples = existsSync(CORPUS) ? readdirSync(CORPUS).sort() : [];

/** stderr may carry warnings, nothing else */
function onlyWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l !== '' && !l.startsWith('WARN: '));
}

test('the corpus is present', (t) => {
  if (samples.length > 0) return;
  if (process.env.CI === 'true') assert.fail(`compose corpus missing at ${CORPUS}`);
  t.skip(`compose corpus missing at ${CORPUS}`);
});

describe('awesome-compose: config -q passes and config round-trips', { concurrency: 2 }, () => {
  for (const sample of samples) {
    test(sample, async (t) => {
      const dir = testdir({}, t);
      const copy = join(dir, sample);
      cpSync(join(CORPUS, sample), copy, { recursive: true });
      const q = await runCli(copy, ['config', '-q']);
      const why = EXPECTED_FAILURES[sample];
      if (why !== undefined) {
        assert.equal(q.code, 1, `expected to fail like Docker Compose does: ${why}`);
        return;
      }
      assert.equal(q.code, 0, q.stderr);
      assert.equal(q.stdout, '');
      assert.deepEqual(onlyWarnings(q.stderr), []);
      const first = await runCli(copy, ['config']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, new RegExp(`^name: ${sample.toLowerCase()}\n`));
      writeFileSync(join(dir, 'out.yaml'), first.stdout);
      const second = await runCli(dir, ['-f', 'out.yaml', 'config']);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(second.stdout, first.stdout);
    });
  }
});

const APP = `name: demo
services:
  web:
    image: nginx:\${TAG:-1.25}
    depends_on: [db]
    ports: ["8080:80"]
    stop_grace_period: 90s
    healthcheck:
      test: curl -f http://localhost
      interval: 1m30s
    environment:
      PRICE: "$$5"
    networks: [front]
  db:
    build: ./db
    volumes: ["data:/var/lib/db"]
    networks: [front]
  debug:
    image: busybox
    profiles: [tools, debug]
networks:
  front: {}
volumes:
  data: {}
`;

async function project(t: TestContext, args: string[], env: Record<string, string> = {}) {
  const dir = testdir({ 'compose.yaml': APP, 'db/Dockerfile': 'FROM busybox\n' }, t);
  const r = await runCli(dir, args, env);
  assert.equal(r.code, 0, r.stderr);
  return { dir, ...r };
}

test('yaml output: name first, Go durations, long ports, resolved paths, $ escaped', async (t) => {
  const { dir, stdout } = await project(t, ['config']);
  assert.ok(stdout.startsWith('name: demo\nservices:\n'));
  const doc = parse(stdout) as Record<string, any>;
  assert.deepEqual(Object.keys(doc), ['name', 'services', 'networks', 'volumes']);
  assert.deepEqual(Object.keys(doc.services), ['db', 'web']);
  const web = doc.services.web;
  assert.equal(web.image, 'nginx:1.25');
  assert.equal(web.stop_grace_period, '1m30s');
  assert.equal(web.healthcheck.interval, '1m30s');
  assert.deepEqual(web.healthcheck.test, ['CMD-SHELL', 'curl -f http://localhost']);
  assert.deepEqual(web.ports, [{ mode: 'ingress', protocol: 'tcp', published: '8080', target: 80 }]);
  assert.equal(web.environment.PRICE, '$$5');
  assert.deepEqual(web.depends_on, { db: { condition: 'service_started', required: true } });
  assert.equal(doc.services.db.build.context, join(dir, 'db'));
  assert.equal(doc.volumes.data.name, 'demo_data');
});

test('--format json prints the same document', async (t) => {
  const { dir, stdout } = await project(t, ['config']);
  const r = await runCli(dir, ['config', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), parse(stdout));
});

test('list views', async (t) => {
  assert.equal((await project(t, ['config', '--services'])).stdout, 'db\nweb\n');
  assert.equal((await project(t, ['--profile', 'tools', 'config', '--services'])).stdout, 'db\ndebug\nweb\n');
  assert.equal((await project(t, ['config', '--images'])).stdout, 'demo-db\nnginx:1.25\n');
  assert.equal((await project(t, ['config', '--volumes'])).stdout, 'data\n');
  assert.equal((await project(t, ['config', '--networks'])).stdout, 'front\n');
  assert.equal((await project(t, ['config', '--profiles'])).stdout, 'debug\ntools\n');
  assert.equal((await project(t, ['config', '--services', 'web'])).stdout, 'db\nweb\n');
  assert.equal((await project(t, ['config', '--services', 'debug'])).stdout, 'debug\n');
});

test('--hash prints one stable hash per service, changing with the config', async (t) => {
  const all = (await project(t, ['config', '--hash', '*'])).stdout;
  assert.match(all, /^db [0-9a-f]{64}\nweb [0-9a-f]{64}\n$/);
  const web = (await project(t, ['config', '--hash', 'web'])).stdout;
  assert.equal(web, all.split('\n')[1] + '\n');
  const changed = (await project(t, ['config', '--hash', 'web,db'], { TAG: '1.26' })).stdout.split('\n');
  assert.notEqual(changed[0], all.split('\n')[1]);
  assert.equal(changed[1], all.split('\n')[0]);
});

test('--no-interpolate keeps variables as written', async (t) => {
  const { stdout } = await project(t, ['config', '--no-interpolate']);
  assert.equal((parse(stdout) as any).services.web.image, 'nginx:${TAG:-1.25}');
});

test('-o writes the output to a file; -q prints nothing', async (t) => {
  const { dir, stdout } = await project(t, ['config', '-o', 'out.yaml']);
  assert.equal(stdout, '');
  assert.ok(readFileSync(join(dir, 'out.yaml'), 'utf8').startsWith('name: demo\n'));
  assert.equal((await project(t, ['config', '-q'])).stdout, '');
});

test('warnings go to stderr, never into the output', async (t) => {
  const dir = testdir({ 'compose.yaml': 'version: "3.8"\nservices:\n  a:\n    image: x\n    environment:\n      - A=${UNSET_VAR}\n' }, t);
  const r = await runCli(dir, ['config']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /version/);
  assert.doesNotMatch(r.stdout, /WARN|obsolete|not set/);
  assert.equal((parse(r.stdout) as any).services.a.environment.A, '');
});
