import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { buildBusyboxLayout } from '../../helpers/busybox-image.js';
import { pushImageFromLayout, type BuiltImage } from '../../helpers/oci-layout.js';
import { missingPrerequisite } from './prerequisites.js';

const missing = missingPrerequisite();
const USER = { username: 'cli', password: 'pw-cli' };
const main = new URL('../../../src/cli/main.js', import.meta.url).pathname;
let registry: TestRegistry;
let work: string;
let image: BuiltImage;

function compose(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd: work,
    env: { ...process.env, BERTH_ROOT: join(work, 'root'), DOCKER_CONFIG: join(work, 'docker'), NO_COLOR: '1' },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

before(async () => {
  if (missing) return;
  registry = await startRegistry({ auth: USER });
  work = await mkdtemp(join(tmpdir(), 'berth-cli-'));
  image = await buildBusyboxLayout(join(work, 'layout'));
  await pushImageFromLayout(registry.host, join(work, 'layout'), image, 'base/busybox', '1', USER);
});

after(async () => {
  if (missing) return;
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

test('login, image pull/ls/tag, push of a project image, image rm, logout', { skip: missing }, async () => {
  const denied = compose(['image', 'pull', `${registry.host}/base/busybox:1`]);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /unauthorized/);

  const bad = compose(['login', registry.host, '-u', USER.username, '--password-stdin'], 'wrong\n');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /login to 127\.0\.0\.1:\d+ failed: .*unauthorized/);
  const ok = compose(['login', registry.host, '-u', USER.username, '--password-stdin'], `${USER.password}\n`);
  assert.equal(ok.code, 0, ok.stderr);
  const cfg = JSON.parse(await readFile(join(work, 'docker', 'config.json'), 'utf8'));
  assert.equal(Buffer.from(cfg.auths[registry.host].auth, 'base64').toString(), `${USER.username}:${USER.password}`);

  const pulled = compose(['image', 'pull', '-q', `${registry.host}/base/busybox:1`]);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.equal(pulled.stdout.trim(), image.configDigest);
  assert.equal(compose(['image', 'tag', `${registry.host}/base/busybox:1`, `${registry.host}/app/web:2`]).code, 0);
  const ls = compose(['image', 'ls']);
  assert.match(ls.stdout, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n/);
  assert.match(ls.stdout, new RegExp(`${registry.host}/app/web\\s+2\\s+${image.configDigest.slice(7, 19)}`));

  await writeFile(join(work, 'compose.yaml'), `services:\n  web:\n    image: ${registry.host}/app/web:2\n`);
  const pushed = compose(['push']);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stderr, new RegExp(`Pushed ${registry.host}/app/web:2: digest ${image.manifest.digest}`));
  const auth = `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`;
  const res = await fetch(`http://${registry.host}/v2/app/web/manifests/2`, { method: 'HEAD', headers: { authorization: auth, accept: 'application/vnd.oci.image.manifest.v1+json' } });
  assert.equal(res.headers.get('docker-content-digest'), image.manifest.digest);

  const rm1 = compose(['image', 'rm', `${registry.host}/app/web:2`, `${registry.host}/base/busybox:1`]);
  assert.equal(rm1.stdout, `Untagged: ${registry.host}/app/web:2\nUntagged: ${registry.host}/base/busybox:1\nDeleted: ${image.configDigest}\n`);
  assert.equal(compose(['image', 'ls', '-q']).stdout, '');
  assert.equal(compose(['logout', registry.host]).code, 0);
  assert.deepEqual(JSON.parse(await readFile(join(work, 'docker', 'config.json'), 'utf8')).auths, {});
});

test('the bundled bin users run pulls an image too: its layer is stored and its busybox runs', { skip: missing }, async (t) => {
  const bin = join(new URL('../../../../', import.meta.url).pathname, JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')).bin.compose);
  const built = spawnSync(process.execPath, [bin, '--version']).status === 0;
  if (!built) {
    if (process.env.CI === 'true') assert.fail(`${bin} is missing or broken: run npm run build`);
    return t.skip(`${bin} is not built (npm run build)`);
  }
  const own = await mkdtemp(join(tmpdir(), 'berth-cli-bundle-'));
  t.after(() => rm(own, { recursive: true, force: true }));
  const run = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, BERTH_ROOT: join(own, 'root'), DOCKER_CONFIG: join(own, 'docker'), NO_COLOR: '1' },
      ...(input !== undefined ? { input } : {}),
    });
    return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };
  assert.equal(run(['login', registry.host, '-u', USER.username, '--password-stdin'], `${USER.password}\n`).code, 0);
  const pulled = run(['image', 'pull', '-q', `${registry.host}/base/busybox:1`]);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.equal(pulled.stdout.trim(), image.configDigest);
  const layer = join(own, 'root', 'images', 'layers', 'sha256', (image.diffIds[0] as string).slice(7));
  assert.equal(spawnSync(join(layer, 'bin', 'busybox'), ['echo', 'bundled']).stdout.toString(), 'bundled\n');
  const blob = join(own, 'root', 'images', 'blobs', 'sha256', (image.layerDigests[0] as string).slice(7));
  assert.ok((await readFile(blob)).length > 0);
});
