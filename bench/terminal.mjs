#!/usr/bin/env node
// Terminals, native against docker, medians of N from one run:
//   1. keystroke echo: a byte written to an exec'd `cat` with a TTY until its echo comes back,
//      through the Runtime interface of each backend (native: shim exec relay; docker: the Engine's
//      hijacked connection), same busybox image
//   2. whole commands: `compose exec -T web true` and `compose exec web true` inside a terminal
//      (script), native backend vs docker backend vs `docker exec` itself
// Usage: node bench/terminal.mjs [runs=15]   (root; needs a build, dockerd with berth-test/busybox:1, script)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

const runs = Number(process.argv[2] ?? 15);
const dist = new URL('../dist/', import.meta.url).pathname;
const cli = join(dist, 'src/cli/main.js');
const { writeBusyboxLayer } = await import(join(dist, 'test/helpers/native-runtime.js'));
const { openImageStore } = await import(join(dist, 'src/native/image/image-store.js'));
const { createNativeRuntime } = await import(join(dist, 'src/native/runtime.js'));
const { createDockerRuntime } = await import(join(dist, 'src/docker/docker-runtime.js'));
const image = 'berth-test/busybox:1';
const work = mkdtempSync(join(tmpdir(), 'bt-bench-tty-'));
const root = join(work, 'root');
const env = { ...process.env, BERTH_ROOT: root, BERTH_CGROUP_PARENT: `berth-bench-tty-${process.pid}`, CI: 'true' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0) {
  console.error(`${image} missing in dockerd: run the docker e2e suite once`);
  process.exit(1);
}
writeBusyboxLayer(join(work, 'rootfs'));
spawnSync('tar', ['-C', join(work, 'rootfs'), '-cf', join(work, 'rootfs.tar'), '.']);
await openImageStore(root).import(join(work, 'rootfs.tar'), { reference: image, changes: ['ENV PATH=/bin', 'CMD ["sh"]'] });
const proj = join(work, 'proj');
spawnSync('mkdir', ['-p', proj]);
writeFileSync(join(proj, 'compose.yaml'), `services:\n  web:\n    image: ${image}\n    command: ["sleep", "600"]\n    network_mode: none\n    stop_signal: SIGKILL\n`);
const compose = (backend, args) => [process.execPath, cli, '--backend', backend, '-p', `bt-bench-tty-${process.pid}`, ...args];
const sh = (line) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', line], { cwd: proj, env, stdio: ['pipe', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${line}: ${String(r.stderr).slice(-300)}`);
  return ms(t0);
};

async function echoLatency(rt, id) {
  const out = Object.assign(new PassThrough(), { isTTY: true, rows: 24, columns: 80 });
  const stdin = new PassThrough();
  let seen = '';
  let waiter;
  out.on('data', (d) => {
    seen += d.toString();
    waiter?.();
  });
  const done = rt.exec(id, { command: ['cat'], tty: true, interactive: true, detach: false, env: {}, stdio: { stdin, stdout: out, stderr: out } });
  const times = [];
  for (let i = 0; i < runs * 4; i++) {
    const before = seen.length;
    const t0 = process.hrtime.bigint();
    await new Promise((resolve) => {
      waiter = () => seen.length > before && resolve();
      stdin.write('x');
    });
    times.push(ms(t0));
  }
  stdin.write('\r\x04');
  await done;
  return times;
}

const rows = [];
const row = (what, n, d, peer, dp) => rows.push([what, n.toFixed(1), d.toFixed(1), (n / d).toFixed(2), peer ?? '', dp === undefined ? '' : dp.toFixed(1)]);
try {
  for (const b of ['native', 'docker']) sh(compose(b, ['up', '-d']).map(q).join(' '));
  const native = await createNativeRuntime({ env });
  const docker = await createDockerRuntime({ env });
  const idOf = async (rt) => (await rt.observe(`bt-bench-tty-${process.pid}`)).containers[0].id;
  const [nid, did] = [await idOf(native), await idOf(docker)];
  const [ne, de] = [await echoLatency(native, nid), await echoLatency(docker, did)];
  row('keystroke echo, median ms', median(ne), median(de));
  row('keystroke echo, p90 ms', p90(ne), p90(de));
  const dname = (await docker.observe(`bt-bench-tty-${process.pid}`)).containers[0].name;
  const times = { nT: [], dT: [], pT: [], nt: [], dt: [], pt: [] };
  for (let i = 0; i < runs; i++) {
    times.nT.push(sh(compose('native', ['exec', '-T', 'web', 'true']).map(q).join(' ')));
    times.dT.push(sh(compose('docker', ['exec', '-T', 'web', 'true']).map(q).join(' ')));
    times.pT.push(sh(`docker exec ${dname} true`));
    times.nt.push(sh(`script -qec ${q(compose('native', ['exec', 'web', 'true']).map(q).join(' '))} /dev/null`));
    times.dt.push(sh(`script -qec ${q(compose('docker', ['exec', 'web', 'true']).map(q).join(' '))} /dev/null`));
    times.pt.push(sh(`script -qec ${q(`docker exec -it ${dname} true`)} /dev/null`));
  }
  row('exec -T web true (whole command)', median(times.nT), median(times.dT), 'docker exec', median(times.pT));
  row('exec web true in a terminal', median(times.nt), median(times.dt), 'docker exec -it', median(times.pt));
} finally {
  for (const b of ['native', 'docker']) spawnSync(compose(b, ['down', '-t', '0'])[0], compose(b, ['down', '-t', '0']).slice(1), { cwd: proj, env, stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
  spawnSync('sh', ['-c', `for d in /sys/fs/cgroup/*/berth-bench-tty-${process.pid}; do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + ; done`], { stdio: 'ignore' });
}
const head = ['', 'native', 'docker backend', 'ratio', 'peer', 'peer ms'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
process.exit(0);
