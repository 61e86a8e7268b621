/**
 * The native runtime end to end on this host (root): a busybox container's process, output,
 * exit code, identity and filesystem. Kernel isolation has its own file (native-isolation).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { nativeTestbed, requireNative } from '../helpers/native-runtime.js';
import type { LogLine } from '../../src/runtime/runtime.js';

async function collect(it: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of it) out.push(l);
  return out;
}

async function runToEnd(t: Parameters<typeof nativeTestbed>[0], command: string, input: Parameters<ReturnType<typeof nativeTestbed>['spec']>[1] = {}) {
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', command], ...input }));
  await bed.runtime.startContainer(c.id);
  const code = await bed.runtime.waitContainer(c.id);
  const lines = await collect(bed.runtime.logs(c.id, { follow: false, timestamps: true }));
  return { bed, c, code, lines, out: lines.map((l) => l.text) };
}

test('runs the command, keeps stdout and stderr with timestamps and records the exit code', async (t) => {
  if (!requireNative(t)) return;
  const before = Date.now();
  const { code, lines, bed, c } = await runToEnd(t, 'echo out; echo err >&2; printf partial; exit 7');
  assert.equal(code, 7);
  // two pipes: order within a stream is kept, across streams it is not guaranteed (nor is it by Docker)
  assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.text), ['out', 'partial']);
  assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.text), ['err']);
  for (const l of lines) assert.ok(l.time.getTime() >= before - 1000 && l.time.getTime() <= Date.now() + 1000);
  const status = await bed.runtime.inspectContainer(c.id);
  assert.equal(status.state, 'exited');
  assert.equal(status.exitCode, 7);
});

test('merges environment, working directory and user as Docker does', async (t) => {
  if (!requireNative(t)) return;
  const { out, code } = await runToEnd(t, 'echo "$FOO $BAR $HOME"; pwd; id -u; id -g; id -G', {
    environment: { FOO: 'foo', BAR: 'bar' },
    working_dir: '/work/dir',
    user: 'app',
    group_add: ['staff'],
  });
  assert.equal(code, 0);
  assert.deepEqual(out, ['foo bar /home/app', '/work/dir', '1000', '1000', '1000 50']);
});

test('sets hostname and domainname and writes /etc/hosts', async (t) => {
  if (!requireNative(t)) return;
  const { out } = await runToEnd(t, 'hostname; cat /proc/sys/kernel/domainname; grep -c web1 /etc/hosts', { hostname: 'web1', domainname: 'example.test' });
  assert.deepEqual(out, ['web1', 'example.test', '1']);
});

test('bind mounts (read-only too), named volumes filled from the image, tmpfs and read_only root', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const host = join(bed.root, 'bind-src');
  mkdirSync(host);
  writeFileSync(join(host, 'hello'), 'from host\n');
  const spec = bed.spec('app', {
    command: ['sh', '-c', 'cat /b/hello; echo x > /b/new || echo ro-bind; cat /v/from-image; echo y > /v/written; echo z > /t/ok && echo tmpfs; touch /root-file || echo ro-root'],
    read_only: true,
    volumes: [
      { type: 'bind', source: host, target: '/b', read_only: true },
      { type: 'volume', source: 'data', target: '/data', read_only: false },
      { type: 'volume', source: 'data', target: '/v', read_only: false },
      { type: 'tmpfs', target: '/t', read_only: false },
    ],
  });
  const c = await bed.runtime.createContainer(spec);
  await bed.runtime.startContainer(c.id);
  assert.equal(await bed.runtime.waitContainer(c.id), 0);
  const out = (await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).map((l) => l.text);
  assert.deepEqual(out.filter((l) => !l.includes('Read-only')), ['from host', 'ro-bind', 'image content', 'tmpfs', 'ro-root']);
  assert.ok(existsSync(join(bed.root, 'volumes', 'data', '_data', 'written')), 'the named volume keeps what was written');
  assert.ok(!existsSync(join(host, 'new')));
});

test('the writable layer survives stop and start and goes with the container', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'cat /state 2>/dev/null; echo kept > /state'] }));
  await bed.runtime.startContainer(c.id);
  await bed.runtime.waitContainer(c.id);
  await bed.runtime.startContainer(c.id);
  await bed.runtime.waitContainer(c.id);
  const out = (await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false }))).map((l) => l.text);
  assert.deepEqual(out, ['kept']);
  await bed.runtime.removeContainer(c.id, { force: false, volumes: false });
  assert.ok(!existsSync(join(bed.root, 'containers', c.id)));
});

test('exec enters the container with its environment and user; exit code passes through', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sleep', '30'], environment: { GREETING: 'hi' }, hostname: 'inside' }));
  await bed.runtime.startContainer(c.id);
  const chunks: string[] = [];
  const { PassThrough } = await import('node:stream');
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => chunks.push(d.toString()));
  const code = await bed.runtime.exec(c.id, {
    command: ['sh', '-c', 'echo $GREETING $EXTRA; hostname; id -u; exit 3'],
    tty: false, interactive: false, detach: false, env: { EXTRA: 'x' }, user: 'nobody',
    stdio: { stdout, stderr: stdout },
  });
  assert.equal(code, 3);
  assert.equal(chunks.join(''), 'hi x\ninside\n65534\n');
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 5 });
});

test('stop sends the stop signal, then SIGKILL after the grace period', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const trap = bed.spec('trap', { command: ['sh', '-c', 'trap "echo got-term; exit 0" TERM; while true; do sleep 0.1; done'] });
  const stubborn = bed.spec('stubborn', { command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] });
  const a = await bed.runtime.createContainer(trap);
  const b = await bed.runtime.createContainer(stubborn);
  await bed.runtime.startContainer(a.id);
  await bed.runtime.startContainer(b.id);
  await new Promise((r) => setTimeout(r, 300));
  await Promise.all([bed.runtime.stopContainer(a.id, { timeoutSeconds: 5 }), bed.runtime.stopContainer(b.id, { timeoutSeconds: 1 })]);
  assert.equal((await bed.runtime.inspectContainer(a.id)).exitCode, 0);
  assert.equal((await bed.runtime.inspectContainer(b.id)).exitCode, 137);
  const out = (await collect(bed.runtime.logs(a.id, { follow: false, timestamps: false }))).map((l) => l.text);
  assert.deepEqual(out, ['got-term']);
});
