#!/usr/bin/env node
// The native runtime against its peers, ratios from one run (medians of N):
//   1. a container's own start: create+start to its first output line, timed inside Node
//      (NativeRuntime) vs `crun run` of the same busybox rootfs (the raw floor)
//   2. whole commands: `compose run --rm` (native) vs `docker run --rm`
//   3. `up -d` / `down`: a three-service stack and 50 independent services, Berth native vs
//      docker-compose 1.29 on dockerd (both with network_mode: none: native networking is separate)
//   4. memory of Berth's resident processes (shims + container inits) per container, 50 running
// Usage: node bench/native-containers.mjs [runs=5]   (root; needs a build, crun, dockerd, docker-compose)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const dist = new URL('../dist/', import.meta.url).pathname;
const cli = join(dist, 'src/cli/main.js');
const { writeBusyboxLayer } = await import(join(dist, 'test/helpers/native-runtime.js'));
const { NativeRuntime } = await import(join(dist, 'src/native/runtime.js'));
const { nativePaths, defaultShimPath } = await import(join(dist, 'src/native/paths.js'));
const { openCgroupManager } = await import(join(dist, 'src/native/cgroups/detect.js'));
const { openImageStore } = await import(join(dist, 'src/native/image/image-store.js'));
const { makeProject } = await import(join(dist, 'test/helpers/model.js'));
const dockerImage = 'berth-test/busybox:1';
const nativeImage = 'bt-bench/busybox:1';

const work = mkdtempSync(join(tmpdir(), 'bt-bench-native-'));
const root = join(work, 'root');
const layer = join(work, 'rootfs');
writeBusyboxLayer(layer);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const env = { ...process.env, BERTH_ROOT: root, CI: 'true', COMPOSE_HTTP_TIMEOUT: '600' };

function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${String(r.stderr).slice(-400)}`);
  return ms(t0);
}

// time to the first byte a process writes to a pipe
function firstOutput(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let t;
    child.stdout.once('data', () => (t = ms(t0)));
    child.on('error', reject);
    child.on('close', () => (t === undefined ? reject(new Error(`${cmd}: no output`)) : resolve(t)));
  });
}

async function nativeStart(rt, spec) {
  const t0 = process.hrtime.bigint();
  const c = await rt.createContainer(spec);
  await rt.startContainer(c.id);
  const log = join(root, 'containers', c.id, 'log');
  while (!existsSync(log) || statSync(log).size === 0) await new Promise((r) => setImmediate(r));
  const t = ms(t0);
  await rt.waitContainer(c.id);
  await rt.removeContainer(c.id, { force: true, volumes: true });
  return t;
}

const rows = [];
const row = (what, berth, peer, peerName) => rows.push([what, berth.toFixed(1), peer.toFixed(1), peerName, (berth / peer).toFixed(2)]);

// 1. in-process start vs crun run
{
  const rt = new NativeRuntime({
    paths: nativePaths(root), shimPath: defaultShimPath(), cgroups: openCgroupManager(), env: {},
    images: { resolve: async () => ({ id: 'sha256:bench', config: { Env: ['PATH=/bin'], ExposedPorts: [], Volumes: [], Labels: {} }, layerDirs: [layer] }) },
  });
  const project = makeProject({ name: 'bench', services: { s: { image: 'x', command: ['echo', 'hi'], network_mode: 'none' } } });
  const spec = { project, service: project.services.s, number: 1, name: 'bench-s-1', oneoff: true, configHash: 'h', labels: {} };
  const bundle = join(work, 'bundle');
  mkdirSync(bundle);
  execFileSync('crun', ['spec'], { cwd: bundle });
  const cfg = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  cfg.root = { path: layer, readonly: true };
  cfg.process.args = ['echo', 'hi'];
  cfg.process.terminal = false;
  cfg.process.env = ['PATH=/bin'];
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(cfg));
  // crun refuses this host's hybrid cgroup layout (an empty cgroup2 at /sys/fs/cgroup/unified):
  // it runs in a mount namespace without that mount; the wrapper's own cost is measured and subtracted
  const wrap = (tail) => ['unshare', ['-m', 'sh', '-c', `umount /sys/fs/cgroup/unified 2>/dev/null; exec ${tail}`]];
  const n = [], c = [], w = [];
  for (let i = 0; i < runs; i++) {
    n.push(await nativeStart(rt, spec));
    c.push(await firstOutput(...wrap(`crun run bt-bench-${process.pid}-${i}`), bundle));
    w.push(await firstOutput(...wrap('echo hi'), bundle));
  }
  row('start to first output (in Node)', median(n), Math.max(1, median(c) - median(w)), 'crun run (minus wrapper)');
  rows.push(['  (crun run incl. unshare wrapper)', '', median(c).toFixed(1), `wrapper alone ${median(w).toFixed(1)}`, (median(n) / median(c)).toFixed(2)]);
}

// native image for the CLI
const store = openImageStore(root);
execFileSync('tar', ['-C', layer, '-cf', join(work, 'rootfs.tar'), '.']);
await store.import(join(work, 'rootfs.tar'), { reference: nativeImage, changes: ['ENV PATH=/bin', 'CMD ["sh"]'] });
const hasDocker = spawnSync('docker', ['image', 'inspect', dockerImage], { stdio: 'ignore' }).status === 0;
if (!hasDocker) console.error(`(${dockerImage} missing in dockerd: run the docker e2e suite once; docker columns skipped)`);

// 2. compose run --rm vs docker run --rm
const proj = join(work, 'proj');
mkdirSync(proj);
writeFileSync(join(proj, 'compose.yaml'), `services:\n  s:\n    image: ${nativeImage}\n    network_mode: none\n`);
if (hasDocker) {
  const b = [], d = [];
  for (let i = 0; i < runs; i++) {
    b.push(timed(process.execPath, [cli, '--backend', 'native', '-p', 'btbench', 'run', '--rm', 's', 'echo', 'hi'], proj));
    d.push(timed('docker', ['run', '--rm', '--network', 'none', dockerImage, 'echo', 'hi'], proj));
  }
  row('compose run --rm (whole command)', median(b), median(d), 'docker run --rm');
}

// 3. up -d / down vs docker-compose 1.29, 4. memory with 50 running
const svc = (img, extra = '') => `    image: ${img}\n    command: ["httpd", "-f", "-p", "80", "-h", "/"]\n    network_mode: none\n    stop_signal: SIGKILL\n${extra}`;
const stacks = {
  'three services (chain)': (img) => `version: "2.4"\nservices:\n${['db', 'web', 'rproxy'].map((s, i, a) => `  ${s}:\n${svc(img, i ? `    depends_on: [${a[i - 1]}]\n` : '')}`).join('')}`,
  '50 independent': (img) => `version: "2.4"\nservices:\n${Array.from({ length: 50 }, (_, i) => `  s${i}:\n${svc(img)}`).join('')}`,
};
let perContainer;
for (const [name, yaml] of Object.entries(stacks)) {
  const bdir = join(work, `b-${name.length}`), ddir = join(work, `d-${name.length}`);
  mkdirSync(bdir);
  mkdirSync(ddir);
  writeFileSync(join(bdir, 'docker-compose.yml'), yaml(nativeImage));
  writeFileSync(join(ddir, 'docker-compose.yml'), yaml(dockerImage));
  const t = { bu: [], bd: [], du: [], dd: [] };
  for (let i = 0; i < runs; i++) {
    t.bu.push(timed(process.execPath, [cli, '--backend', 'native', '-p', 'btbench', 'up', '-d'], bdir));
    if (name.startsWith('50') && i === 0) perContainer = residentMemory();
    t.bd.push(timed(process.execPath, [cli, '--backend', 'native', '-p', 'btbench', 'down', '-t', '1'], bdir));
    if (hasDocker) {
      t.du.push(timed('docker-compose', ['-p', 'btbench', 'up', '-d'], ddir));
      t.dd.push(timed('docker-compose', ['-p', 'btbench', 'down', '-t', '1'], ddir));
    }
  }
  if (hasDocker) {
    row(`up -d, ${name}`, median(t.bu), median(t.du), 'docker-compose 1.29');
    row(`down, ${name}`, median(t.bd), median(t.dd), 'docker-compose 1.29');
  } else {
    rows.push([`up -d, ${name}`, median(t.bu).toFixed(1), '-', '-', '-'], [`down, ${name}`, median(t.bd).toFixed(1), '-', '-', '-']);
  }
}

function residentMemory() {
  let rss = 0, pss = 0, procs = 0, containers = 0;
  const dir = join(root, 'containers');
  for (const id of readdirSync(dir)) {
    const pids = [];
    try { pids.push(Number(readFileSync(join(dir, id, 'shim.pid'), 'utf8').split(' ')[0])); } catch { continue; }
    const state = readFileSync(join(dir, id, 'state'), 'utf8');
    pids.push(Number(/^pid (\d+)/m.exec(state)?.[1] ?? 0));
    containers++;
    for (const pid of pids) {
      try {
        const roll = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        rss += Number(/^Rss:\s+(\d+)/m.exec(roll)[1]);
        pss += Number(/^Pss:\s+(\d+)/m.exec(roll)[1]);
        procs++;
      } catch { /* gone */ }
    }
  }
  return { containers, procs, rssKb: rss / containers, pssKb: pss / containers };
}

console.log('\n| measure | berth native (ms) | peer (ms) | peer | ratio |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (perContainer) {
  console.log(`\nresident memory with ${perContainer.containers} containers (shim + init, ${perContainer.procs} processes):` +
    ` RSS ${(perContainer.rssKb / 1024).toFixed(2)} MB, PSS ${(perContainer.pssKb / 1024).toFixed(2)} MB per container`);
}
spawnSync(process.execPath, [cli, '--backend', 'native', '-p', 'btbench', 'down', '-t', '0'], { cwd: join(work, 'proj'), env, stdio: 'ignore' });
rmSync(work, { recursive: true, force: true });
