/**
 * Terminals and stdin on the native runtime, through the Runtime interface (root): a `tty: true`
 * container's terminal and CRLF logs, `run`'s attach with a window size and stdin, exec with a
 * TTY (size at start and on resize) and with piped stdin, `stdin_open`, and a tty container's
 * logs surviving a SIGKILLed shim.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nativeTestbed, requireNative } from '../helpers/native-runtime.js';
import type { LogLine, Stdio } from '../../src/runtime/runtime.js';

async function collect(it: AsyncIterable<LogLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l.text);
  return out;
}

/** a stdout that says it is a terminal of the given size, and records what is written */
function fakeTerminal(rows: number, columns: number) {
  const out = Object.assign(new PassThrough(), { isTTY: true, rows, columns });
  const chunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  return { out, text: () => Buffer.concat(chunks).toString() };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

test('tty: true gives the process a terminal of its own devpts; its logs are the terminal output with CRLF', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { tty: true, command: ['sh', '-c', 'tty; test -t 0 && test -t 1 && test -t 2 && echo all-tty; echo err >&2; exit 3'] }));
  await bed.runtime.startContainer(c.id);
  assert.equal(await bed.runtime.waitContainer(c.id), 3);
  const lines = await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false }));
  assert.deepEqual(lines, ['/dev/pts/0\r', 'all-tty\r', 'err\r']);
});

test('without tty the process has no terminal and stdin is /dev/null', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sh', '-c', 'tty; cat; echo end'] }));
  await bed.runtime.startContainer(c.id);
  assert.equal(await bed.runtime.waitContainer(c.id), 0);
  const lines = await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false }));
  assert.deepEqual(lines, ['not a tty', 'end']);
});

test('run with a TTY: attach before start gets the window size and its changes, stdin and all output; exit code passes', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const spec = bed.spec('app', { command: ['sh', '-c', 'stty size; read line; echo "got $line"; stty size; exit 4'] }, { oneoff: true, tty: true, interactive: true });
  const c = await bed.runtime.createContainer(spec);
  const term = fakeTerminal(33, 77);
  const stdin = new PassThrough();
  const stdio: Stdio = { stdin, stdout: term.out, stderr: term.out };
  const attached = await bed.runtime.attach(c.id, { stdio, tty: true });
  await bed.runtime.startContainer(c.id);
  await until('the size to be printed', () => term.text().includes('33 77'));
  // SIGWINCH on the CLI side: the container's terminal follows
  Object.assign(term.out, { rows: 20, columns: 60 });
  term.out.emit('resize');
  await sleep(100);
  stdin.write('hello\r');
  assert.equal(await bed.runtime.waitContainer(c.id), 4);
  await attached?.ended;
  const text = term.text();
  assert.match(text, /^33 77\r\n/);
  // the terminal echoes the input, then the output line, CRLF
  assert.match(text, /hello\r\ngot hello\r\n20 60\r\n$/);
});

test('run -i without a TTY: piped stdin reaches the process and its end is EOF; output comes from the log', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const spec = bed.spec('app', { command: ['sh', '-c', 'cat; echo end; echo warn >&2'] }, { oneoff: true, tty: false, interactive: true });
  const c = await bed.runtime.createContainer(spec);
  const out = new PassThrough();
  const err = new PassThrough();
  const o: string[] = [];
  const e: string[] = [];
  out.on('data', (d: Buffer) => o.push(d.toString()));
  err.on('data', (d: Buffer) => e.push(d.toString()));
  const stdin = new PassThrough();
  const attached = await bed.runtime.attach(c.id, { stdio: { stdin, stdout: out, stderr: err }, tty: false });
  await bed.runtime.startContainer(c.id);
  stdin.end('one\ntwo\n');
  assert.equal(await bed.runtime.waitContainer(c.id), 0);
  await attached?.ended;
  assert.equal(o.join(''), 'one\ntwo\nend\n');
  assert.equal(e.join(''), 'warn\n');
});

test('stdin_open keeps stdin open with nobody attached (the process blocks reading, as Docker)', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { stdin_open: true, command: ['sh', '-c', 'cat; echo eof'], stop_signal: 'SIGKILL' }));
  await bed.runtime.startContainer(c.id);
  await sleep(700);
  assert.equal((await bed.runtime.inspectContainer(c.id)).state, 'running');
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 1 });
  assert.deepEqual(await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false })), []);
});

test('exec with a TTY: /dev/pts inside, the size at start and after a resize, exit code passes', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sleep', '30'], stop_signal: 'SIGKILL' }));
  await bed.runtime.startContainer(c.id);
  const term = fakeTerminal(40, 100);
  const stdin = new PassThrough();
  const running = bed.runtime.exec(c.id, {
    command: ['sh', '-c', 'tty; test -t 0 && echo in-tty; stty size; read x; stty size; exit 5'],
    tty: true, interactive: true, detach: false, env: {},
    stdio: { stdin, stdout: term.out, stderr: term.out },
  });
  await until('the first size', () => term.text().includes('40 100'));
  Object.assign(term.out, { rows: 20, columns: 60 });
  term.out.emit('resize');
  await sleep(100);
  stdin.write('\r');
  assert.equal(await running, 5);
  const text = term.text();
  assert.match(text, /^\/dev\/pts\/\d+\r\nin-tty\r\n40 100\r\n/);
  assert.match(text, /20 60\r\n$/);
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 1 });
});

test('exec without a TTY: piped stdin is the command stdin; stderr stays apart', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { command: ['sleep', '30'], stop_signal: 'SIGKILL' }));
  await bed.runtime.startContainer(c.id);
  const out = new PassThrough();
  const err = new PassThrough();
  const o: string[] = [];
  const e: string[] = [];
  out.on('data', (d: Buffer) => o.push(d.toString()));
  err.on('data', (d: Buffer) => e.push(d.toString()));
  const stdin = new PassThrough();
  stdin.end('hi\n');
  const code = await bed.runtime.exec(c.id, {
    command: ['sh', '-c', 'cat; tty; echo oops >&2; exit 2'], tty: false, interactive: true, detach: false, env: {},
    stdio: { stdin, stdout: out, stderr: err },
  });
  assert.equal(code, 2);
  assert.equal(o.join(''), 'hi\nnot a tty\n');
  assert.equal(e.join(''), 'oops\n');
  await bed.runtime.stopContainer(c.id, { timeoutSeconds: 1 });
});

test("a tty container's output survives a SIGKILLed shim: the container's init holds the terminal", async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { tty: true, command: ['sh', '-c', 'echo before; sleep 1; echo after; exit 6'] }));
  await bed.runtime.startContainer(c.id);
  const dir = join(bed.root, 'containers', c.id);
  const shimPid = Number(readFileSync(join(dir, 'shim.pid'), 'utf8').split(' ')[0]);
  assert.ok(shimPid > 0);
  process.kill(shimPid, 'SIGKILL');
  // the next command adopts the container; the terminal and its output were never the shim's
  assert.equal(await bed.runtime.waitContainer(c.id), 6);
  assert.deepEqual(await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false })), ['before\r', 'after\r']);
});

test('a tty container exits with its process even when a background process keeps writing to the terminal', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { tty: true, command: ['sh', '-c', '(while :; do echo x; sleep 0.02; done) & sleep 0.3; exit 2'] }));
  await bed.runtime.startContainer(c.id);
  const code = await Promise.race([bed.runtime.waitContainer(c.id), sleep(15_000).then(() => 'still running after 15s')]);
  assert.equal(code, 2);
});

test('a restarted tty container gets a new terminal and attach socket in each incarnation', async (t) => {
  if (!requireNative(t)) return;
  const bed = nativeTestbed(t);
  const c = await bed.runtime.createContainer(bed.spec('app', { tty: true, stdin_open: true, restart: 'on-failure:1', command: ['sh', '-c', 'tty; exit 1'] }));
  await bed.runtime.startContainer(c.id);
  await until('the restart', () => readFileSync(join(bed.root, 'containers', c.id, 'log'), 'utf8').split('\n').filter(Boolean).length >= 2);
  assert.equal(await bed.runtime.waitContainer(c.id), 1);
  assert.deepEqual(await collect(bed.runtime.logs(c.id, { follow: false, timestamps: false })), ['/dev/pts/0\r', '/dev/pts/0\r']);
});
