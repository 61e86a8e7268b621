/**
 * Namespace sharing on the native backend (root), through the CLI: network_mode service: and
 * container:, pid service:, ipc shareable/service:/host; a recreated donor recreates its
 * joiners, a stopped donor fails the start naming both, and down leaves nothing behind.
 * Uses address pool 10.213.188.0/22.
 */
import { after, test } from 'node:test';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, psJson, runCli, type TestProject } from './harness.js';
import { nativeBackend } from './native-backend.js';
import { TEST_IMAGE as I } from './test-image.js';
import { nativeMissing } from '../helpers/native-runtime.js';
import { processStartTime } from '../../src/native/state/shim-state.js';

const missing = nativeMissing();
// registered before the backend's own hook (which removes the state root): if a test's `down`
// failed (a busy host can time a lock out), take down what is left and kill what still runs
after(async () => {
  const dir = process.env.BERTH_ROOT ? join(process.env.BERTH_ROOT, 'containers') : undefined;
  if (!dir || !existsSync(dir)) return;
  const left = () => readdirSync(dir).filter((n) => !n.startsWith('.')).map((id) => join(dir, id));
  const projects = new Set(left().flatMap((d) => {
    try {
      return [JSON.parse(readFileSync(join(d, 'container.json'), 'utf8')).project as string];
    } catch {
      return [];
    }
  }));
  for (const name of projects) await runCli(['--backend', 'native', '-p', name, 'down', '-v', '-t', '0'], tmpdir());
  for (const d of left()) {
    for (const f of ['shim.pid', 'state']) {
      const text = existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : '';
      const pid = Number((f === 'state' ? /^pid (\d+)$/m.exec(text)?.[1] : text.split(' ')[0]) ?? 0);
      // only a process of this container: its command line names the container's directory
      if (pid > 0 && existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(d)) process.kill(pid, 'SIGKILL');
    }
  }
});
const backend = missing ? undefined : nativeBackend('ns', { BERTH_ADDRESS_POOLS: '10.213.188.0/22:24' });
let ready: Promise<void> | undefined;
const opts = { timeout: 120_000 };

function usable(t: { skip(msg: string): void }): boolean {
  if (!missing) return true;
  if (process.env.CI === 'true') assert.fail(`namespace sharing e2e needs ${missing}`);
  t.skip(`needs ${missing}`);
  return false;
}

const sleeper = `
    image: ${I}
    command: ["sleep", "300"]
    stop_signal: SIGKILL`;
const server = `
    image: ${I}
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    stop_signal: SIGKILL`;

async function exec(p: TestProject, service: string, cmd: string): Promise<string> {
  const r = await p.compose(['exec', '-T', service, 'sh', '-c', cmd]);
  assert.equal(r.code, 0, `exec ${service} ${cmd}: ${r.stderr}`);
  return r.stdout.trim();
}

async function up(p: TestProject, ...args: string[]): Promise<void> {
  const r = await p.compose(['up', '-d', ...args]);
  assert.equal(r.code, 0, r.stderr);
}

const containersDir = () => join(process.env.BERTH_ROOT!, 'containers');

/** pids of this project's containers' inits, from the shim's state files */
function initPids(): number[] {
  const dir = containersDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((id) => {
    try {
      const m = /^pid (\d+)$/m.exec(readFileSync(join(dir, id, 'state'), 'utf8'));
      return m ? [Number(m[1])] : [];
    } catch {
      return [];
    }
  });
}

test('network_mode service:x: same interfaces, addresses, hostname and /etc/hosts; 127.0.0.1 reaches x', opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nsnet', `services:
  x:${server}
  joiner:${sleeper}
    network_mode: service:x
`);
  await up(p);
  assert.equal(await exec(p, 'joiner', 'wget -qO- http://127.0.0.1:8080/'), 'hello from berth');
  const addrs = (s: string) => exec(p, s, "ip -4 -o addr show | awk '{print $2, $4}' | sort");
  const xAddrs = await addrs('x');
  assert.match(xAddrs, /eth0 10\.213\.(18[89]|19[01])\.\d+\/24/);
  assert.equal(await addrs('joiner'), xAddrs);
  assert.equal(await exec(p, 'joiner', 'hostname'), await exec(p, 'x', 'hostname'));
  assert.equal(await exec(p, 'joiner', 'cat /etc/hosts /etc/resolv.conf'), await exec(p, 'x', 'cat /etc/hosts /etc/resolv.conf'));
  assert.equal(await exec(p, 'joiner', 'readlink /proc/self/ns/net'), await exec(p, 'x', 'readlink /proc/self/ns/net'));
  // its own uts, ipc and pid namespaces all the same
  assert.notEqual(await exec(p, 'joiner', 'readlink /proc/self/ns/uts'), await exec(p, 'x', 'readlink /proc/self/ns/uts'));
  assert.notEqual(await exec(p, 'joiner', 'readlink /proc/self/ns/pid'), await exec(p, 'x', 'readlink /proc/self/ns/pid'));

  // x recreated (its config changed): the joiner is recreated too and joins the new one
  const before = Object.fromEntries((await psJson(p)).map((c) => [c.Service, c.ID]));
  p.write('compose.yaml', `services:
  x:${server}
    environment: { CHANGED: "1" }
  joiner:${sleeper}
    network_mode: service:x
`);
  await up(p);
  const after = Object.fromEntries((await psJson(p)).map((c) => [c.Service, c.ID]));
  assert.notEqual(after.x, before.x);
  assert.notEqual(after.joiner, before.joiner, 'the joiner follows its recreated donor');
  assert.equal(await exec(p, 'joiner', 'wget -qO- http://127.0.0.1:8080/'), 'hello from berth');

  // x stopped: starting the joiner alone fails, naming both
  assert.equal((await p.compose(['stop', '-t', '0', 'x', 'joiner'])).code, 0);
  const r = await p.compose(['up', '-d', '--no-deps', 'joiner']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`${p.name}-joiner-1 shares the net namespace of ${p.name}-x-1 .*not running`));

  // down: no container directory, no process left
  const pids = initPids();
  assert.equal((await p.compose(['down', '-t', '0'])).code, 0);
  assert.deepEqual(readdirSync(containersDir()).filter((n) => !n.startsWith('.')), []);
  for (const pid of pids) assert.equal(existsSync(`/proc/${pid}`), false, `process ${pid} outlived down`);
});

test('network_mode container:<name> joins a container of another project; ports there are refused', opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const a = makeProject(t, backend!, 'nsdonor', `services:\n  x:${server}\n`);
  await up(a);
  const b = makeProject(t, backend!, 'nsjoin', `services:
  j:${sleeper}
    network_mode: container:${a.name}-x-1
`);
  await up(b);
  assert.equal(await exec(b, 'j', 'wget -qO- http://127.0.0.1:8080/'), 'hello from berth');
  assert.equal(await exec(b, 'j', 'readlink /proc/self/ns/net'), await exec(a, 'x', 'readlink /proc/self/ns/net'));

  const c = makeProject(t, backend!, 'nsports', `services:
  j:${sleeper}
    network_mode: container:${a.name}-x-1
    ports: ["18099:8080"]
`);
  const r = await c.compose(['up', '-d']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /service j: conflicting options: port publishing and the container type network mode/);
});

test("pid service:x sees x's processes; ipc service:x (shareable donor) and ipc host share the namespace", opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nspid', `services:
  x:${server}
    ipc: shareable
  pidj:${sleeper}
    pid: service:x
  ipcj:${sleeper}
    ipc: service:x
  hostipc:${sleeper}
    ipc: host
    pid: host
  private:${sleeper}
`);
  await up(p);
  const procs = await exec(p, 'pidj', 'ps -o pid,args');
  assert.match(procs, /httpd -f -p 8080/, procs);
  assert.equal(await exec(p, 'pidj', 'readlink /proc/self/ns/pid'), await exec(p, 'x', 'readlink /proc/self/ns/pid'));
  // x's own view: it sees the joiner's sleep too (one namespace)
  assert.match(await exec(p, 'x', 'ps -o args'), /sleep 300/);

  const xIpc = await exec(p, 'x', 'readlink /proc/self/ns/ipc');
  assert.equal(await exec(p, 'ipcj', 'readlink /proc/self/ns/ipc'), xIpc);
  assert.equal(await exec(p, 'hostipc', 'readlink /proc/self/ns/ipc'), readlinkSync('/proc/self/ns/ipc'));
  assert.equal(await exec(p, 'hostipc', 'readlink /proc/self/ns/pid'), readlinkSync('/proc/self/ns/pid'));
  assert.match(await exec(p, 'hostipc', `ps -o pid | grep -x ' *${process.pid}' || echo none`), new RegExp(`${process.pid}`), 'pid host sees the test runner');
  assert.notEqual(await exec(p, 'private', 'readlink /proc/self/ns/ipc'), xIpc);
  // POSIX shared memory goes through /dev/shm, which the ipc joiner shares with its donor
  await exec(p, 'x', 'echo shared > /dev/shm/bt-probe');
  assert.equal(await exec(p, 'ipcj', 'cat /dev/shm/bt-probe'), 'shared');

  const pids = initPids();
  assert.equal((await p.compose(['down', '-t', '0'])).code, 0);
  for (const pid of pids) assert.equal(existsSync(`/proc/${pid}`), false, `process ${pid} outlived down`);
});

test('ipc service:x refuses a donor that is not shareable, as Docker does', opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nsipcpriv', `services:
  x:${sleeper}
  j:${sleeper}
    ipc: service:x
`);
  const r = await p.compose(['up', '-d']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /non-shareable IPC/);
});

test("restarts by the policy rejoin the donor's namespaces", opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nsrestart', `services:
  x:${server}
    ipc: shareable
  j:
    image: ${I}
    command: ["sh", "-c", "echo $$(readlink /proc/self/ns/net) $$(readlink /proc/self/ns/ipc) $$(readlink /proc/self/ns/pid); exit 3"]
    restart: on-failure:2
    network_mode: service:x
    ipc: service:x
    pid: service:x
`);
  await up(p);
  const want = await exec(p, 'x', 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/ipc) $(readlink /proc/self/ns/pid)');
  let lines: string[] = [];
  for (let i = 0; i < 50 && lines.length < 3; i++) {
    await new Promise((r) => setTimeout(r, 200));
    lines = (await p.compose(['logs', '--no-log-prefix', 'j'])).stdout.trim().split('\n').filter(Boolean);
  }
  assert.deepEqual(lines, [want, want, want], 'the first run and both restarts');
  const pids = initPids();
  const down = await p.compose(['down', '-t', '1']);
  assert.equal(down.code, 0, down.stderr);
  for (const pid of pids) assert.equal(existsSync(`/proc/${pid}`), false, `process ${pid} outlived down`);
});

test("a joiner whose shim was SIGKILLed is adopted and still restarts into the donor's namespaces", opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nsadopt', `services:
  x:${server}
  j:${sleeper}
    restart: always
    network_mode: service:x
    pid: service:x
`);
  await up(p);
  const want = await exec(p, 'x', 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/pid)');
  const dir = readdirSync(containersDir()).map((id) => join(containersDir(), id))
    .find((d) => existsSync(join(d, 'container.json')) && JSON.parse(readFileSync(join(d, 'container.json'), 'utf8')).name === `${p.name}-j-1`)!;
  const shimPid = Number(readFileSync(join(dir, 'shim.pid'), 'utf8').split(' ')[0]);
  process.kill(shimPid, 'SIGKILL');
  // SIGKILL takes effect asynchronously: wait until the shim has exited (a zombie counts)
  for (let i = 0; i < 100 && processStartTime(shimPid) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
  await psJson(p); // any command adopts the orphaned container
  const initPid = Number(/^pid (\d+)$/m.exec(readFileSync(join(dir, 'state'), 'utf8'))![1]);
  // the main process is the init's only child: kill it, and the adopting shim restarts the container
  const child = readFileSync(`/proc/${initPid}/task/${initPid}/children`, 'utf8').trim().split(/\s+/)[0];
  process.kill(Number(child), 'SIGKILL');
  let now = '';
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const s = readFileSync(join(dir, 'state'), 'utf8');
    if (/^status running$/m.test(s) && /^restart_count [1-9]/m.test(s)) {
      now = await exec(p, 'j', 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/pid)');
      break;
    }
  }
  assert.equal(now, want);
  const pids = initPids();
  const down = await p.compose(['down', '-t', '1']);
  assert.equal(down.code, 0, down.stderr);
  for (const pid of pids) assert.equal(existsSync(`/proc/${pid}`), false, `process ${pid} outlived down`);
});

test('a joiner of a stopped pid donor cannot restart, and its state says why', opts, async (t) => {
  if (!usable(t)) return;
  await (ready ??= backend!.prepare());
  const p = makeProject(t, backend!, 'nsgone', `services:
  x:${server}
  j:${sleeper}
    restart: always
    pid: service:x
`);
  await up(p);
  const dir = readdirSync(containersDir()).map((id) => join(containersDir(), id))
    .find((d) => existsSync(join(d, 'container.json')) && JSON.parse(readFileSync(join(d, 'container.json'), 'utf8')).name === `${p.name}-j-1`)!;
  // x's init exits: the kernel ends every process of its pid namespace, j's too
  assert.equal((await p.compose(['stop', '-t', '0', 'x'])).code, 0);
  let state = '';
  for (let i = 0; i < 50 && !/^error .*shared pid namespace is gone/m.test(state); i++) {
    await new Promise((r) => setTimeout(r, 200));
    state = readFileSync(join(dir, 'state'), 'utf8');
  }
  assert.match(state, /^error clone: .*the shared pid namespace is gone: its donor stopped or restarted/m);
  const down = await p.compose(['down', '-t', '0']);
  assert.equal(down.code, 0, down.stderr);
});
