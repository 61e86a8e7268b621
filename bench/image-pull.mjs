#!/usr/bin/env node
// Pull of a ~200 MB multi-layer image from a local docker-registry:
// `compose image pull` (Berth's native store) against `skopeo copy` to a directory and
// `docker pull`, each started fresh for every run (no warm store). Prints medians and
// the ratios measured in this same run. Needs root, docker-registry, skopeo, dockerd,
// and a build (`npx tsc -p .`). Usage: node bench/image-pull.mjs [runs=3] [layers=8] [mbPerLayer=24]
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [runs = 3, layers = 8, mbPerLayer = 24] = process.argv.slice(2).map(Number);
const { startRegistry } = await import(join(root, 'dist/test/helpers/registry.js'));

const work = mkdtempSync(join(tmpdir(), 'berth-bench-pull-'));
const registry = await startRegistry();
const ref = `${registry.host}/bench/big:1`;
const sha = (file) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

function buildLayout() {
  const dir = join(work, 'layout');
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const descs = [];
  const diffIds = [];
  for (let i = 0; i < layers; i++) {
    const fs = join(work, `rootfs${i}`);
    mkdirSync(join(fs, `opt/l${i}/small`), { recursive: true });
    // mostly incompressible data (like binaries), plus many small files (like a package tree)
    writeFileSync(join(fs, `opt/l${i}/blob.bin`), randomBytes(mbPerLayer * 1024 * 1024 * 0.9));
    for (let f = 0; f < 400; f++) writeFileSync(join(fs, `opt/l${i}/small/f${f}.txt`), `file ${f} of layer ${i}\n`.repeat(60));
    const tar = join(work, `layer${i}.tar`);
    execFileSync('tar', ['-C', fs, '--sort=name', '--owner=0', '--group=0', '-cf', tar, '.']);
    diffIds.push(sha(tar));
    execFileSync('gzip', ['-1', '-n', tar]);
    const gz = `${tar}.gz`;
    const digest = sha(gz);
    execFileSync('mv', [gz, join(dir, 'blobs', 'sha256', digest.slice(7))]);
    descs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: statSync(join(dir, 'blobs', 'sha256', digest.slice(7))).size });
    rmSync(fs, { recursive: true, force: true });
  }
  const put = (obj) => {
    const body = Buffer.from(JSON.stringify(obj));
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), body);
    return { digest, size: body.length };
  };
  const config = put({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: diffIds } });
  const manifest = put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: descs });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': '1' } }] }));
  return descs.reduce((n, d) => n + d.size, 0);
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const bytes = buildLayout();
  run('skopeo', ['copy', '--dest-tls-verify=false', `oci:${join(work, 'layout')}:1`, `docker://${ref}`]);
  const hasDocker = spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0;
  const results = { berth: [], skopeo: [], docker: [] };
  for (let i = 0; i < runs; i++) {
    const store = join(work, `store${i}`);
    results.berth.push(time(() => run(process.execPath, [join(root, 'dist/src/cli/main.js'), 'image', 'pull', '-q', ref], { BERTH_ROOT: store })));
    rmSync(store, { recursive: true, force: true });
    const dest = join(work, `skopeo${i}`);
    results.skopeo.push(time(() => run('skopeo', ['copy', '--src-tls-verify=false', `docker://${ref}`, `dir:${dest}`])));
    rmSync(dest, { recursive: true, force: true });
    if (hasDocker) {
      results.docker.push(time(() => run('docker', ['pull', '-q', ref])));
      run('docker', ['rmi', ref]);
    }
  }
  const b = median(results.berth);
  console.log(`image: ${layers} layers, ${(bytes / 1e6).toFixed(0)} MB compressed; ${runs} runs each, medians`);
  console.log('tool                      median s   berth / tool');
  console.log(`compose image pull        ${b.toFixed(2).padStart(8)}`);
  console.log(`skopeo copy (to dir:)     ${median(results.skopeo).toFixed(2).padStart(8)}   ${(b / median(results.skopeo)).toFixed(2)}`);
  if (hasDocker) console.log(`docker pull               ${median(results.docker).toFixed(2).padStart(8)}   ${(b / median(results.docker)).toFixed(2)}`);
  else console.log('docker pull               (dockerd not running)');
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
