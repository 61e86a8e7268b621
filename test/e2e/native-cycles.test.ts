/**
 * Reliability of the native runtime against a CLI killed at any moment: cycles of `up -d`,
 * kill -9 of the CLI at a random point, `down -v`; afterwards nothing of the project may be
 * left: no state entry, cgroup, process or mount. BERTH_CYCLES sets the count (default 100).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeCgroupParent, requireNative, writeBusyboxLayer } from '../helpers/native-runtime.js';
import { openImageStore } from '../../src/native/image/image-store.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;
const CYCLES = Number(process.env.BERTH_CYCLES ?? 100);

const CGROUP_PARENT = `berth-test-cycles-${process.pid}`;

function berthCgroups(): Set<string> {
  const out = new Set<string>();
  for (const ctrl of ['memory', 'pids', 'cpu', 'freezer', 'devices', 'cpuset']) {
    const d = join('/sys/fs/cgroup', ctrl, CGROUP_PARENT);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) if (/^[0-9a-f]{64}$/.test(name)) out.add(`${ctrl}/${name}`);
  }
  return out;
}

function processesUnder(root: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(root);
    } catch {
      return false;
    }
  }).map(Number);
}

function leftovers(root: string, project: string, cgroupsBefore: Set<string>) {
  const containers = existsSync(join(root, 'containers')) ? readdirSync(join(root, 'containers')) : [];
  const cgroups = [...berthCgroups()].filter((c) => !cgroupsBefore.has(c));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(root));
  const processes = processesUnder(root);
  const volumes = existsSync(join(root, 'volumes')) ? readdirSync(join(root, 'volumes')).filter((v) => v.startsWith(project)) : [];
  return { containers, cgroups, mounts, processes, volumes };
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [CLI, '--backend', 'native', ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

test(`${CYCLES} cycles of up -d / kill -9 of the CLI / down leave nothing behind`, { timeout: 60 * 60_000 }, async (t) => {
  if (!requireNative(t)) return;
  const work = mkdtempSync(join(tmpdir(), 'berth-cycles-'));
  const root = join(work, 'root');
  const project = 'btcycles';
  const dir = join(work, 'proj');
  t.after(() => {
    spawnSync(process.execPath, [CLI, '--backend', 'native', '-p', project, 'down', '-v', '-t', '0'], { cwd: dir, env: { ...process.env, BERTH_ROOT: root, BERTH_CGROUP_PARENT: CGROUP_PARENT } });
    rmSync(work, { recursive: true, force: true });
    removeCgroupParent(CGROUP_PARENT);
  });
  writeBusyboxLayer(join(work, 'rootfs'));
  spawnSync('tar', ['-C', join(work, 'rootfs'), '-cf', join(work, 'rootfs.tar'), '.']);
  await openImageStore(root).import(join(work, 'rootfs.tar'), { reference: 'bt-cycles/busybox:1', changes: ['ENV PATH=/bin'] });
  mkdirSync(dir);
  const svc = (extra: string) => `    image: bt-cycles/busybox:1\n    command: ["sh", "-c", "while true; do echo tick; sleep 0.2; done"]\n    network_mode: none\n    stop_signal: SIGKILL\n${extra}`;
  writeFileSync(join(dir, 'compose.yaml'), `services:\n  a:\n${svc('')}  b:\n${svc('    depends_on: [a]\n    volumes: ["data:/data"]\n')}  c:\n${svc('    restart: always\n')}volumes:\n  data: {}\n`);
  const env = { ...process.env, BERTH_ROOT: root, CI: 'true', BERTH_CGROUP_PARENT: CGROUP_PARENT };
  const cgroupsBefore = berthCgroups();
  const first = await cli(['-p', project, 'up', '-d'], dir, env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal((await cli(['-p', project, 'down', '-v', '-t', '1'], dir, env)).code, 0);
  const span = Math.max(first.ms, 200) * 1.2;
  const problems: string[] = [];
  for (let i = 0; i < CYCLES; i++) {
    await cli(['-p', project, 'up', '-d'], dir, env, Math.random() * span);
    const down = await cli(['-p', project, 'down', '-v', '-t', '1'], dir, env);
    if (down.code !== 0) problems.push(`cycle ${i}: down failed: ${down.stderr.trim()}`);
    const left = leftovers(root, project, cgroupsBefore);
    const counts = Object.entries(left).filter(([, v]) => v.length > 0);
    if (counts.length) problems.push(`cycle ${i}: left ${counts.map(([k, v]) => `${v.length} ${k}`).join(', ')}`);
    if (problems.length > 5) break;
  }
  assert.deepEqual(problems, []);
});
