/** Shared scenarios, part two: the commands that act on a running project (see scenarios.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, psJson, type Backend } from './harness.js';
import { composeLine, inTerminal, runShell, scriptMissing } from './terminal-helpers.js';
import { I, server } from './scenario-fixtures.js';

export function defineCommandScenarios(backend: Backend, prepare: () => Promise<void>, opts: { timeout: number }): void {
  test(`${backend.name}: stop, start, restart, pause, unpause, kill -s and rm -s act on the named services`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'life', `
services:
  a:${server()}
  b:
    image: ${I}
    # ends with 3 on SIGTERM only, so kill -s is seen to send the signal asked for
    command: ["sh", "-c", "trap 'exit 3' TERM; while true; do sleep 0.2; done"]
`);
    const state = async () => Object.fromEntries((await psJson(p)).map((c) => [c.Service, c.State]));
    const ok = async (args: string[]) => {
      const r = await p.compose(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    };
    await ok(['up', '-d']);
    await ok(['stop', '-t', '1', 'a']);
    assert.deepEqual(await state(), { a: 'exited', b: 'running' });
    await ok(['start', 'a']);
    assert.deepEqual(await state(), { a: 'running', b: 'running' });
    const before = (await psJson(p)).find((c) => c.Service === 'b')!.ID;
    await ok(['restart', '-t', '1', 'b']);
    assert.deepEqual(await state(), { a: 'running', b: 'running' });
    assert.equal((await psJson(p)).find((c) => c.Service === 'b')!.ID, before, 'restart keeps the container');
    await ok(['pause', 'a']);
    assert.equal((await state()).a, 'paused');
    await ok(['unpause', 'a']);
    assert.equal((await state()).a, 'running');
    await ok(['kill', '-s', 'SIGTERM', 'b']);
    for (let i = 0; i < 50 && (await state()).b === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await state()).b, 'exited');
    assert.equal((await psJson(p)).find((c) => c.Service === 'b')!.ExitCode, 3);
    await ok(['rm', '-f', '-s', 'a']);
    assert.deepEqual(await state(), { b: 'exited' });
  });

  test(`${backend.name}: run --rm returns the container's exit code and leaves nothing`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'run', `
services:
  db:${server()}
  tool:
    image: ${I}
    command: ["echo", "default"]
    depends_on: [db]
`);
    const r = await p.compose(['run', '--rm', '-T', '-e', 'WHO=berth', 'tool', 'sh', '-c', 'echo "hi $WHO"; exit 5']);
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.stdout.trim(), 'hi berth');
    const ps = await psJson(p);
    assert.deepEqual(ps.map((c) => c.Service), ['db'], 'the dependency is up and the one-off is gone');
  });

  test(`${backend.name}: exec runs in the service container`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'exec', `
services:
  app:${server()}
`);
    assert.equal((await p.compose(['up', '-d'])).code, 0);
    const r = await p.compose(['exec', '-T', '-e', 'FOO=bar', '-w', '/www', 'app', 'sh', '-c', 'echo "$FOO $(pwd)"; exit 2']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout.trim(), 'bar /www');
  });

  test(`${backend.name}: logs -f follows until the containers exit`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'logs', `
services:
  talker:
    image: ${I}
    command: ["sh", "-c", "for i in 1 2 3; do echo line $$i; sleep 1; done"]
`);
    assert.equal((await p.compose(['up', '-d'])).code, 0);
    const r = await p.compose(['logs', '-f', '--no-color'], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['talker-1  | line 1', 'talker-1  | line 2', 'talker-1  | line 3']);
    const tail = await p.compose(['logs', '--tail', '1', '--no-log-prefix']);
    assert.equal(tail.stdout.trim(), 'line 3');
  });

  test(`${backend.name}: network_mode, pid and ipc service:x share x's namespaces`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'share', `
services:
  x:${server()}
    ipc: shareable
  joiner:
    image: ${I}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    network_mode: service:x
    pid: service:x
    ipc: service:x
`);
    assert.equal((await p.compose(['up', '-d'])).code, 0);
    const sh = async (service: string, cmd: string) => {
      const r = await p.compose(['exec', '-T', service, 'sh', '-c', cmd]);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    };
    assert.equal(await sh('joiner', 'wget -qO- http://127.0.0.1/'), 'hello from berth');
    assert.match(await sh('joiner', 'ps -o args'), /httpd -f -p 80/);
    for (const ns of ['net', 'pid', 'ipc']) {
      assert.equal(await sh('joiner', `readlink /proc/self/ns/${ns}`), await sh('x', `readlink /proc/self/ns/${ns}`), ns);
    }
    assert.equal(await sh('joiner', 'hostname'), await sh('x', 'hostname'));
  });

  test(`${backend.name}: exec and run forward piped stdin with -T and give a terminal inside one; a tty service logs CRLF`, { timeout: 240_000 }, async (t) => {
    const missing = scriptMissing();
    if (missing && process.env.CI === 'true') throw new Error(`this scenario needs ${missing}`);
    if (missing) return t.skip(`needs ${missing}`);
    await prepare();
    const p = makeProject(t, backend, 'tty', `
services:
  web:
    image: ${I}
    command: ["sh", "-c", "tty; echo started; sleep 300"]
    tty: true
    stop_signal: SIGKILL
`);
    const up = await p.compose(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    const line = (args: string[]) => composeLine(backend, p, args);
    const piped = await runShell(p, `echo hi | ${line(['exec', '-T', 'web', 'cat'])}`);
    assert.equal(piped.stdout, 'hi\n', piped.stderr);
    assert.equal((await p.compose(['exec', '-T', 'web', 'sh', '-c', 'exit 3'])).code, 3);
    const inside = await runShell(p, inTerminal(line(['exec', 'web', 'sh', '-c', 'tty; test -t 0 && echo stdin-tty; exit 4'])));
    assert.equal(inside.code, 4, inside.stdout + inside.stderr);
    assert.match(inside.stdout, /\/dev\/pts\/\d+\r+\nstdin-tty\r+\n/, JSON.stringify(inside.stdout));
    const run = await runShell(p, `printf 'a\\nb\\n' | ${line(['run', '--rm', '-T', 'web', 'sh', '-c', 'cat; exit 5'])}`);
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.stdout, 'a\nb\n');
    const runTty = await runShell(p, inTerminal(line(['run', '--rm', 'web', 'sh', '-c', 'test -t 0 && tty'])));
    assert.equal(runTty.code, 0, runTty.stdout + runTty.stderr);
    assert.match(runTty.stdout, /\/dev\/pts\/0\r+\n$/, JSON.stringify(runTty.stdout));
    assert.deepEqual((await psJson(p)).map((c) => c.Service), ['web']);
    const logs = await p.compose(['logs', '--no-log-prefix', 'web']);
    assert.equal(logs.stdout, '/dev/pts/0\r\nstarted\r\n');
  });
}
