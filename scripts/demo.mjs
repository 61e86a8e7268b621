#!/usr/bin/env node
// The main job, end to end and offline: make a busybox image on this machine, bring the
// classic three-service stack (examples/demo, legacy v1 format) up, ask it a question
// through the published port, and take it down again.
//   npm run demo                     native runtime (the default; needs root, no Docker)
//   npm run demo -- --backend docker on a running Docker Engine
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('..', import.meta.url).pathname;
// the bundled bin, what `npx compose` runs
const cli = join(repo, 'dist/cli/compose.cjs');
const backendArg = process.argv.indexOf('--backend');
const backend = backendArg > 0 ? process.argv[backendArg + 1] : (process.env.BERTH_BACKEND ?? 'native');
const image = 'berth-demo/busybox:1';
const project = 'berth-demo';
const url = 'http://127.0.0.1:5000/cgi-bin/status';

function run(cmd, args, { check = true } = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repo });
  if (check && r.status !== 0) throw new Error(`${cmd} exited with ${r.status ?? r.signal}`);
  return r.status;
}

function compose(...args) {
  return run(process.execPath, [cli, '--backend', backend, '-p', project, '-f', 'examples/demo/docker-compose.yml', ...args]);
}

function ensureBusybox() {
  if (existsSync('/bin/busybox')) return;
  if (process.getuid?.() !== 0) throw new Error('/bin/busybox is missing: apt-get install busybox-static');
  run('apt-get', ['install', '-y', '-q', 'busybox-static']);
}

/** a rootfs tarball: /bin/busybox with every applet as a symlink, and minimal /etc */
function makeRootfsTar() {
  const dir = mkdtempSync(join(tmpdir(), 'berth-demo-'));
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'srv', 'root']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  const applets = spawnSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnobody:x:65534:\n');
  const tar = join(dir, 'rootfs.tar');
  run('tar', ['-C', root, '--owner=0', '--group=0', '-cf', tar, '.']);
  return { dir, tar };
}

async function ask() {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      last = await res.text();
      if (last.includes('the database is up')) return last;
    } catch (err) {
      last = String(err?.cause?.code ?? err);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no answer from ${url} within 30 s (last: ${last.trim()})`);
}

async function main() {
  if (!existsSync(cli)) run('npm', ['run', 'build']);
  if (backend === 'native' && process.getuid?.() !== 0) {
    throw new Error('the native runtime needs root (namespaces, cgroups, overlayfs): run as root, or use --backend docker');
  }
  ensureBusybox();
  const { dir, tar } = makeRootfsTar();
  try {
    if (backend === 'docker') run('docker', ['import', tar, image]);
    else run(process.execPath, [cli, 'image', 'import', tar, image]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let failed;
  try {
    compose('up', '-d');
    compose('ps');
    const answer = await ask();
    console.log(`\n${url} answered:\n${answer}`);
  } catch (err) {
    failed = err;
  } finally {
    compose('down', '-v');
  }
  if (failed) throw failed;
  console.log('demo: the stack came up, answered through rproxy -> web -> database, and went down');
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
