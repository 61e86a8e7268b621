#!/usr/bin/env node
// Throughput through a published port, Berth native networking vs Docker, medians of N runs
// from one invocation. The server is busybox httpd serving one file; the client is curl on
// the host, fetching it through 127.0.0.1 and through a host address (the native bridge's
// gateway, where both are published as well).
//   native: a network namespace attached by Berth's networking (the path a native container's
//           traffic takes: DNAT in the kernel, bridge, veth), port published with Berth's rules
//   docker: `docker run -p` of a busybox image made here (dockerd's default: docker-proxy for
//           loopback, DNAT for other host addresses)
// Usage: node bench/native-port-throughput.mjs [runs=5] [megabytes=200]   (root; build first; dockerd)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, closeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const megabytes = Number(process.argv[3] ?? 200);
const dist = new URL('../dist/', import.meta.url).pathname;
const net = await import(join(dist, 'src/native/network/index.js'));
const { parsePools } = await import(join(dist, 'src/native/network/ipam.js'));
const { netContext } = await import(join(dist, 'src/native/network/context.js'));

const work = mkdtempSync(join(tmpdir(), 'bt-bench-net-'));
const www = join(work, 'www');
execFileSync('mkdir', ['-p', www]);
// a sparse file: the transfer is measured, not the disk
const fd = openSync(join(www, 'big'), 'w');
ftruncateSync(fd, megabytes * 1024 * 1024);
closeSync(fd);

const ctx = netContext({ root: join(work, 'root'), pools: parsePools('10.213.190.0/24:26') });
const project = {
  name: 'btbench', working_dir: work, config_files: [], format: 'spec', services: {}, disabled_services: {}, volumes: {}, secrets: {}, configs: {}, extensions: {},
  networks: { default: { name: 'btbench_default', driver_opts: {}, external: false, internal: false, labels: {} } },
};
const ns = 'bt-bench-net';
const dockerImage = 'bt-bench-net/busybox:1';
const dockerName = 'bt-bench-net-httpd';
const NATIVE_PORT = 47830;
const DOCKER_PORT = 47831;
let httpd;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function fetchSeconds(url) {
  const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download}', url], { encoding: 'utf8' });
  const [secs, size] = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || size !== megabytes * 1024 * 1024) throw new Error(`curl ${url}: status ${r.status}, ${size} bytes ${r.stderr}`);
  return secs;
}
async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    if (spawnSync('curl', ['-s', '-o', '/dev/null', '--max-time', '1', '-r', '0-0', url]).status === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

try {
  // native
  const rec = await net.ensureNetwork(ctx, project, 'default');
  execFileSync('ip', ['netns', 'add', ns]);
  await net.attach(ctx, { id: 'benchweb', name: 'btbench-web-1', project: 'btbench', service: 'web', netnsPath: `/var/run/netns/${ns}`, networks: [{ name: 'btbench_default', aliases: [] }], links: {} });
  await net.publishPorts(ctx, { containerId: 'benchweb', project: 'btbench', service: 'web', ports: [{ target: 80, published: String(NATIVE_PORT), protocol: 'tcp', mode: 'ingress' }] });
  httpd = spawn('ip', ['netns', 'exec', ns, 'busybox', 'httpd', '-f', '-p', '80', '-h', www], { stdio: 'ignore' });

  // docker: an image made of busybox-static alone, imported, no registry involved
  const tar = spawnSync('sh', ['-c', `cd ${work} && mkdir -p img/bin && cp /bin/busybox img/bin/busybox && tar -C img -c . | docker import - ${dockerImage}`]);
  if (tar.status !== 0) throw new Error(`docker import: ${tar.stderr}`);
  spawnSync('docker', ['rm', '-f', dockerName]);
  const run = spawnSync('docker', ['run', '-d', '--name', dockerName, '-p', `${DOCKER_PORT}:80`, '-v', `${www}:/www:ro`, dockerImage, '/bin/busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
  if (run.status !== 0) throw new Error(`docker run: ${run.stderr}`);

  const targets = [
    ['127.0.0.1', `http://127.0.0.1:${NATIVE_PORT}/big`, `http://127.0.0.1:${DOCKER_PORT}/big`],
    [`host address ${rec.gateway}`, `http://${rec.gateway}:${NATIVE_PORT}/big`, `http://${rec.gateway}:${DOCKER_PORT}/big`],
  ];
  for (const [, n, d] of targets) {
    await waitFor(n);
    await waitFor(d);
  }
  console.log(`${megabytes} MB through a published port, median of ${runs} runs (MB/s)`);
  console.log(`${'path'.padEnd(28)} ${'native'.padStart(9)} ${'docker'.padStart(9)} ${'native/docker'.padStart(14)}`);
  for (const [label, n, d] of targets) {
    const ns_ = [];
    const ds = [];
    // interleaved so that load from other work on the machine hits both alike
    for (let i = 0; i < runs; i++) {
      ns_.push(fetchSeconds(n));
      ds.push(fetchSeconds(d));
    }
    const nr = megabytes / median(ns_);
    const dr = megabytes / median(ds);
    console.log(`${label.padEnd(28)} ${nr.toFixed(0).padStart(9)} ${dr.toFixed(0).padStart(9)} ${(nr / dr).toFixed(2).padStart(14)}`);
  }
} finally {
  httpd?.kill('SIGKILL');
  spawnSync('docker', ['rm', '-f', dockerName]);
  spawnSync('docker', ['rmi', dockerImage]);
  await net.removeProject(ctx, 'btbench').catch((e) => console.error(e.message));
  spawnSync('ip', ['netns', 'del', ns]);
  net.stopDns(ctx.root);
  await new Promise((r) => setTimeout(r, 300));
  rmSync(work, { recursive: true, force: true });
}
