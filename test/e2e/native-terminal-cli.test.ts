/**
 * The CLI's terminal and stdin handling on the native backend (root): exec and run inside a real
 * terminal (`script`), piped stdin with -T, exit codes, --rm, and a `tty: true` service's logs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, psJson } from './harness.js';
import { nativeBackend } from './native-backend.js';
import { TEST_IMAGE } from './test-image.js';
import { nativeMissing } from '../helpers/native-runtime.js';
import { composeLine, inTerminal, runShell, scriptMissing } from './terminal-helpers.js';

const backend = nativeBackend('tty');
let ready: Promise<void> | undefined;
const opts = { timeout: 120_000 };

function missing(t: { skip(m: string): void }): boolean {
  const why = nativeMissing() ?? scriptMissing();
  if (!why) return false;
  if (process.env.CI === 'true') throw new Error(`terminal e2e tests need ${why}`);
  t.skip(`needs ${why}`);
  return true;
}

const yaml = `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "tty; echo started; sleep 60"]
    tty: true
    stop_signal: SIGKILL
`;

test('exec in a terminal: a TTY inside, the CLI terminal size, the exit code', opts, async (t) => {
  if (missing(t)) return;
  await (ready ??= backend.prepare());
  const p = makeProject(t, backend, 'tty-exec', yaml);
  assert.equal((await p.compose(['up', '-d'])).code, 0);
  const r = await runShell(p, inTerminal(composeLine(backend, p, ['exec', 'web', 'sh', '-c', 'tty; test -t 0 && echo stdin-tty; stty size; exit 4']), 33, 101));
  assert.equal(r.code, 4, r.stdout + r.stderr);
  // \r\r\n: Node's raw mode keeps the CLI terminal's own CR-before-LF output translation
  assert.match(r.stdout, /^\/dev\/pts\/\d+\r+\nstdin-tty\r+\n33 101\r+\n$/, JSON.stringify(r.stdout));
  const noTty = await runShell(p, inTerminal(composeLine(backend, p, ['exec', '-T', 'web', 'sh', '-c', 'tty; exit 0'])));
  assert.match(noTty.stdout, /not a tty/);
});

test('exec -T: piped stdin is the command stdin, exit code passes', opts, async (t) => {
  if (missing(t)) return;
  await (ready ??= backend.prepare());
  const p = makeProject(t, backend, 'tty-pipe', yaml);
  assert.equal((await p.compose(['up', '-d'])).code, 0);
  const r = await runShell(p, `echo hi | ${composeLine(backend, p, ['exec', '-T', 'web', 'cat'])}`);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hi\n');
  const failing = await runShell(p, `echo hi | ${composeLine(backend, p, ['exec', '-T', 'web', 'sh', '-c', 'cat >/dev/null; exit 7'])}`);
  assert.equal(failing.code, 7);
});

test("a tty: true service's logs are its terminal output, CRLF as Docker shows them", opts, async (t) => {
  if (missing(t)) return;
  await (ready ??= backend.prepare());
  const p = makeProject(t, backend, 'tty-logs', yaml);
  assert.equal((await p.compose(['up', '-d'])).code, 0);
  let out = '';
  for (let i = 0; i < 40 && !out.includes('started'); i++) {
    out = (await p.compose(['logs', '--no-log-prefix', 'web'])).stdout;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(out, '/dev/pts/0\r\nstarted\r\n');
});

test('run in a terminal: TTY with the terminal size, --rm removes the container; -T with piped stdin', opts, async (t) => {
  if (missing(t)) return;
  await (ready ??= backend.prepare());
  const p = makeProject(t, backend, 'tty-run', yaml);
  const r = await runShell(p, inTerminal(composeLine(backend, p, ['run', '--rm', 'web', 'sh', '-c', 'tty; stty size; exit 3']), 27, 88));
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /\n\/dev\/pts\/0\r+\n27 88\r+\n$/, JSON.stringify(r.stdout));
  assert.deepEqual(await psJson(p), []);
  const piped = await runShell(p, `printf 'a\\nb\\n' | ${composeLine(backend, p, ['run', '--rm', '-T', 'web', 'sh', '-c', 'cat; tty'])}`);
  assert.equal(piped.code, 1, piped.stderr); // tty's status without a terminal
  assert.equal(piped.stdout, 'a\nb\nnot a tty\n');
  assert.deepEqual(await psJson(p), []);
});

test('an interactive shell through run: what is typed in the terminal reaches it, its exit code is ours', opts, async (t) => {
  if (missing(t)) return;
  await (ready ??= backend.prepare());
  const p = makeProject(t, backend, 'tty-sh', yaml);
  const r = await runShell(p, inTerminal(composeLine(backend, p, ['run', '--rm', 'web', 'sh'])), 60_000, 'echo $((6*7)); tty\rexit 9\r');
  assert.equal(r.code, 9, JSON.stringify(r.stdout) + r.stderr);
  assert.match(r.stdout, /\n42\r+\n\/dev\/pts\/0\r+\n/, JSON.stringify(r.stdout));
  assert.deepEqual(await psJson(p), []);
});
