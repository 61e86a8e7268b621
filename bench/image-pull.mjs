#!/usr/bin/env node
// Pull of a ~200 MB multi-layer image from a local docker-registry:
// `compose image pull` (Berth's native store) against `skopeo copy` to a directory and
// `docker pull`, each started fresh for every run (no warm store). Prints medians and
// the ratios measured in this same run. Needs root, docker-registry, skopeo, dockerd,
// and a build (`npx tsc -p .`). Usage: node bench/image-pull.mjs [runs=3] [layers=8] [mbPerLayer=24]
//
// The tools do not do the same work, and the table says so: a Berth pull verifies both
// digests of every layer, fsyncs the compressed blobs and unpacks the layers (nothing is
// deferred to `up`); skopeo only stores (and fsyncs) the compressed blobs; docker pull
// unpacks too (in dockerd, so its CPU is not the client's). The row "skopeo copy + tar -x"
// adds an unpack of every layer (in parallel) after skopeo: the same work as a Berth pull,
// by two tools one after the other. CPU is user+sys of the process and its children.
//
// Berth runs as users run it: package.json's bin (the bundle `npm run build` makes), or
// the tsc output when there is no bundle. BERTH_BASELINE_CLI=<another build's
// CLI entry> adds that build as a row, measured in the same rounds (ratios against it are
// what a change did). Every run starts after a `sync`, so no tool pays for writing back
// what the one before it left dirty, and after a pause (BENCH_COOL_MS, 3000) so that none
// starts on memory the one before it just freed (see run()); the order of the tools turns
// from round to round. It prints every run, and beside the ratio of medians the median of
// the per-round ratios (each round's runs are close together in time).
import { execFileSync, spawnSync } from 'node:child_process';
import { binCommand } from './bin-command.mjs';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [runs = 3, layers = 8, mbPerLayer = 24] = process.argv.slice(2).map(Number);
const { startRegistry } = await import(join(root, 'dist/test/helpers/registry.js'));

const bundled = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.compose);
const cli = existsSync(bundled) ? bundled : join(root, 'dist/src/cli/main.js');
const baseline = process.env.BERTH_BASELINE_CLI;
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
  layerHexes = descs.map((d) => d.digest.slice(7));
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': '1' } }] }));
  return descs.reduce((n, d) => n + d.size, 0);
}

const COOL_MS = Number(process.env.BENCH_COOL_MS ?? 3000);

/** wall and CPU seconds of one command (CPU from /usr/bin/time, when there is one) */
function run(cmd, args, env = {}) {
  spawnSync('sync');
  // On the CI machine (a VM) a process that starts right after another freed its memory
  // reuses those pages cheaply; once the guest has handed them back to the host (Linux
  // reports free pages after ~2 s), the first touch of each is a fault costing ~1.5 ms
  // per MB. A pull run right after another of the same build measured 10-15% faster than
  // the one before it. So every run starts after the same pause: all start cold.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, COOL_MS);
  const cpuFile = join(work, 'cpu');
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(timed[0], timed[1], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const cpu = existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0) : NaN;
  rmSync(cpuFile, { force: true });
  return { wall, cpu };
}


const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
let layerHexes = [];

/** the same unpack a pull does, by gzip and tar, all layers at once */
function unpackAll(dir) {
  const script = layerHexes.map((h, i) => `mkdir ${dir}/l${i} && tar -xzf ${dir}/${h} -C ${dir}/l${i} &`).join(' ');
  return ['sh', ['-c', `${script} wait`]];
}

try {
  const bytes = buildLayout();
  run('skopeo', ['copy', '--dest-tls-verify=false', `oci:${join(work, 'layout')}:1`, `docker://${ref}`]);
  const hasDocker = spawnSync('docker', ['version'], { stdio: 'ignore' }).status === 0;
  const results = { berth: [], baseline: [], skopeo: [], skopeoUnpack: [], docker: [] };
  const loadBefore = load();
  // Each round runs every tool once, in an order rotated from round to round.
  /** a pull by one Berth build into a store of its own, removed after */
  const berthPull = (entry, into) => (i) => {
    const store = join(work, `${into}${i}`);
    results[into].push(run(...binCommand(entry, ['image', 'pull', '-q', ref]), { BERTH_ROOT: store }));
    rmSync(store, { recursive: true, force: true });
  };
  const steps = [
    berthPull(cli, 'berth'),
    ...(baseline ? [berthPull(baseline, 'baseline')] : []),
    (i) => {
      const dest = join(work, `skopeo${i}`);
      results.skopeo.push(run('skopeo', ['copy', '--src-tls-verify=false', `docker://${ref}`, `dir:${dest}`]));
      rmSync(dest, { recursive: true, force: true });
    },
    (i) => {
      const dest = join(work, `skopeo-unpack${i}`);
      const both = run('skopeo', ['copy', '--src-tls-verify=false', `docker://${ref}`, `dir:${dest}`]);
      const unpack = run(...unpackAll(dest));
      results.skopeoUnpack.push({ wall: both.wall + unpack.wall, cpu: both.cpu + unpack.cpu });
      rmSync(dest, { recursive: true, force: true });
    },
    ...(hasDocker
      ? [
          () => {
            results.docker.push(run('docker', ['pull', '-q', ref]));
            run('docker', ['rmi', ref]);
          },
        ]
      : []),
  ];
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < steps.length; k++) steps[(k + i) % steps.length](i);
  }
  const med = (rs, k) => median(rs.map((r) => r[k]));
  const b = med(results.berth, 'wall');
  const cpu = (rs) => (Number.isNaN(med(rs, 'cpu')) ? '     n/a' : med(rs, 'cpu').toFixed(2).padStart(8));
  console.log(`image: ${layers} layers, ${(bytes / 1e6).toFixed(0)} MB compressed; ${runs} runs each, medians; load average ${loadBefore} before, ${load()} after`);
  console.log('tool                      wall s   berth/tool   cpu s   what it includes');
  console.log(`berth: ${cli.slice(root.length)}${baseline ? `; baseline: ${baseline}` : ''}`);
  console.log(`compose image pull      ${b.toFixed(2).padStart(8)}           ${cpu(results.berth)}   download, verify both digests, fsync blobs, unpack layers`);
  if (baseline) console.log(`  baseline build        ${med(results.baseline, 'wall').toFixed(2).padStart(8)}   ${(b / med(results.baseline, 'wall')).toFixed(2).padStart(10)} ${cpu(results.baseline)}   the same, by BERTH_BASELINE_CLI`);
  console.log(`skopeo copy (to dir:)   ${med(results.skopeo, 'wall').toFixed(2).padStart(8)}   ${(b / med(results.skopeo, 'wall')).toFixed(2).padStart(10)} ${cpu(results.skopeo)}   download, verify, store compressed blobs (fsynced too); no unpack`);
  console.log(`skopeo copy + tar -x    ${med(results.skopeoUnpack, 'wall').toFixed(2).padStart(8)}   ${(b / med(results.skopeoUnpack, 'wall')).toFixed(2).padStart(10)} ${cpu(results.skopeoUnpack)}   the above, then gunzip and unpack every layer (informational peer)`);
  if (hasDocker) console.log(`docker pull             ${med(results.docker, 'wall').toFixed(2).padStart(8)}   ${(b / med(results.docker, 'wall')).toFixed(2).padStart(10)}      n/a   download, verify, unpack (CPU spent in dockerd)`);
  else console.log('docker pull               (dockerd not running)');
  // every run, in round order: how far apart the runs of one tool are says how much a ratio of medians can be trusted
  const walls = (rs) => rs.map((r) => r.wall.toFixed(2)).join(' ');
  console.log('runs (wall s, by round):');
  console.log(`  berth     ${walls(results.berth)}`);
  if (baseline) console.log(`  baseline  ${walls(results.baseline)}`);
  console.log(`  skopeo    ${walls(results.skopeo)}`);
  if (hasDocker) console.log(`  docker    ${walls(results.docker)}`);
  // each round ran every tool once, close together: a ratio per round cancels what drifts between rounds
  const paired = (rs) => median(results.berth.map((r, i) => r.wall / rs[i].wall)).toFixed(2);
  console.log(`berth/tool, median of per-round ratios: skopeo ${paired(results.skopeo)}${hasDocker ? `, docker ${paired(results.docker)}` : ''}${baseline ? `, baseline ${paired(results.baseline)}` : ''}`);
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
