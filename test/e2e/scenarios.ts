/**
 * The end-to-end scenarios every backend must pass, written once. A backend's test file
 * calls defineScenarios with how to reach it; each scenario brings up its own project
 * (prefix `bt-`) with the built CLI and always takes it down again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet, makeProject, psJson, type Backend } from './harness.js';
import { TEST_IMAGE } from './test-image.js';
import { composeLine, inTerminal, runShell, scriptMissing } from './terminal-helpers.js';

const I = TEST_IMAGE;

/** A service that serves /www on port 80 and stops within a second. */
const server = (extra = '') => `
    image: ${I}
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 1s${extra}`;

function cgi(dir: string, name: string, body: string): void {
  mkdirSync(join(dir, 'cgi-bin'), { recursive: true });
  const file = join(dir, 'cgi-bin', name);
  writeFileSync(file, `#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n${body}\n`);
  chmodSync(file, 0o755);
}

export function defineScenarios(backend: Backend): void {
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= backend.prepare());
  const opts = { timeout: 120_000 };

  test(`${backend.name}: classic v1 stack with links answers on 127.0.0.1:5000`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'v1', `
rproxy:
  image: ${I}
  command: ["httpd", "-f", "-p", "80", "-h", "/srv"]
  ports: ["5000:80"]
  volumes: ["./rproxy:/srv:ro"]
  links: ["web:web"]
  stop_signal: SIGKILL
web:
  image: ${I}
  command: ["httpd", "-f", "-p", "8080", "-h", "/srv"]
  volumes: ["./web:/srv:ro"]
  links: ["db:database"]
  stop_signal: SIGKILL
db:
  image: ${I}
  command: ["httpd", "-f", "-p", "80", "-h", "/www"]
  stop_signal: SIGKILL
`, 'docker-compose.yml');
    cgi(join(p.dir, 'rproxy'), 'proxy', 'wget -qO- http://web:8080/cgi-bin/app');
    cgi(join(p.dir, 'web'), 'app', 'wget -qO- http://database/');
    const up = await p.compose(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await httpGet(5000, '/cgi-bin/proxy')).trim(), 'hello from berth');
    const names = (await psJson(p)).map((c) => c.Name).sort();
    assert.deepEqual(names, [`${p.name}-db-1`, `${p.name}-rproxy-1`, `${p.name}-web-1`]);
  });

  test(`${backend.name}: depends_on conditions, with a healthcheck that turns healthy late`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'cond', `
services:
  init:
    image: ${I}
    command: ["sh", "-c", "sleep 1; exit 0"]
  db:${server(`
    entrypoint: ["sh", "-c", "(sleep 3; touch /tmp/ready) & exec \\"$$@\\"", "sh"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 20`)}
  cache:${server()}
  web:${server(`
    depends_on:
      init: { condition: service_completed_successfully }
      db: { condition: service_healthy }
      cache: { condition: service_started }`)}
`);
    const up = await p.compose(['--progress', 'plain', 'up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    const lines = up.stderr.split('\n');
    const healthy = lines.indexOf(`Container ${p.name}-db-1  Healthy`);
    const exited = lines.indexOf(`Container ${p.name}-init-1  Exited`);
    const webStarting = lines.indexOf(`Container ${p.name}-web-1  Starting`);
    assert.ok(healthy >= 0 && exited >= 0 && healthy < webStarting && exited < webStarting, up.stderr);
    const ps = await psJson(p);
    assert.equal(ps.find((c) => c.Service === 'db')?.Health, 'healthy');
    assert.equal(ps.find((c) => c.Service === 'web')?.State, 'running');
  });

  test(`${backend.name}: a failed dependency stops up with a clear error`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'depfail', `
services:
  migrate:
    image: ${I}
    command: ["sh", "-c", "exit 3"]
  nohealth:${server()}
  web:${server(`
    depends_on:
      migrate: { condition: service_completed_successfully }`)}
  api:${server(`
    depends_on:
      nohealth: { condition: service_healthy }`)}
`);
    const web = await p.compose(['up', '-d', 'web']);
    assert.equal(web.code, 1);
    assert.match(web.stderr, /service "migrate" didn't complete successfully: exit 3/);
    const api = await p.compose(['up', '-d', 'api']);
    assert.equal(api.code, 1);
    assert.match(api.stderr, /container .*nohealth-1 has no healthcheck configured/);
    // as in Docker Compose, the dependents were created but never started
    const started = (await psJson(p)).filter((c) => c.State !== 'created').map((c) => c.Service);
    assert.ok(!started.includes('web') && !started.includes('api'), started.join(','));
  });

  test(`${backend.name}: up --wait waits for health; a one-shot dependency exiting 0 does not fail it`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'wait', `
services:
  setup:
    image: ${I}
    command: ["true"]
  app:${server(`
    entrypoint: ["sh", "-c", "(sleep 2; touch /tmp/ready) & exec \\"$$@\\"", "sh"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
    depends_on:
      setup: { condition: service_completed_successfully }`)}
`);
    const up = await p.compose(['up', '--wait']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await psJson(p)).find((c) => c.Service === 'app')?.Health, 'healthy');
    p.write('compose.yaml', `
services:
  crash:
    image: ${I}
    command: ["sh", "-c", "sleep 1; exit 1"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 5s
`);
    const bad = await p.compose(['up', '--wait', '--remove-orphans']);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /crash-1 exited \(1\)/);
  });

  test(`${backend.name}: exit-code rules of attached up`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'exit', `
services:
  quick:
    image: ${I}
    command: ["sh", "-c", "echo quick done; exit 3"]
  slow:
    image: ${I}
    command: ["sh", "-c", "sleep 1; exit 4"]
  forever:
    image: ${I}
    command: ["sleep", "60"]
    stop_signal: SIGKILL
`);
    const abort = await p.compose(['up', '--abort-on-container-exit', 'quick', 'forever']);
    assert.equal(abort.code, 3, abort.stderr);
    assert.match(abort.stdout, /quick-1 +\| quick done/);
    const failure = await p.compose(['up', '--abort-on-container-failure', '--force-recreate', 'slow', 'forever']);
    assert.equal(failure.code, 4, failure.stderr);
    const from = await p.compose(['up', '--exit-code-from', 'forever', '--force-recreate', 'quick', 'forever']);
    assert.equal(from.code, 137, from.stderr);
  });

  test(`${backend.name}: re-running up changes nothing; a changed service is recreated alone`, opts, async (t) => {
    await prepare();
    const file = (greeting: string) => `
services:
  db:${server()}
  web:${server(`
    environment:
      GREETING: ${greeting}
    depends_on: [db]`)}
`;
    const p = makeProject(t, backend, 'idem', file('hello'));
    assert.equal((await p.compose(['up', '-d'])).code, 0);
    const first = await psJson(p);
    const again = await p.compose(['--progress', 'plain', 'up', '-d']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /Created|Recreate/);
    assert.deepEqual((await psJson(p)).map((c) => c.ID), first.map((c) => c.ID));
    p.write('compose.yaml', file('changed'));
    const changed = await p.compose(['up', '-d']);
    assert.equal(changed.code, 0, changed.stderr);
    const after = await psJson(p);
    const id = (list: typeof after, s: string) => list.find((c) => c.Service === s)?.ID;
    assert.equal(id(after, 'db'), id(first, 'db'));
    assert.notEqual(id(after, 'web'), id(first, 'web'));
    assert.equal(after.find((c) => c.Service === 'web')?.State, 'running');
  });

  test(`${backend.name}: --scale up and down`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'scale', `
services:
  worker:${server()}
`);
    assert.equal((await p.compose(['up', '-d', '--scale', 'worker=3'])).code, 0);
    assert.deepEqual((await psJson(p)).map((c) => c.Name).sort(), [1, 2, 3].map((n) => `${p.name}-worker-${n}`));
    assert.equal((await p.compose(['up', '-d', '--scale', 'worker=1'])).code, 0);
    assert.deepEqual((await psJson(p)).map((c) => c.Name), [`${p.name}-worker-1`]);
  });

  test(`${backend.name}: down -v leaves no container, network or volume of the project`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'down', `
services:
  app:${server(`
    volumes: ["data:/data", "/anon"]`)}
volumes:
  data: {}
`);
    assert.equal((await p.compose(['up', '-d'])).code, 0);
    const down = await p.compose(['--progress', 'plain', 'down', '-v']);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, new RegExp(`Volume ${p.name}_data  Removed`));
    assert.match(down.stderr, new RegExp(`Network ${p.name}_default  Removed`));
    assert.deepEqual(await psJson(p), []);
    const again = await p.compose(['--progress', 'plain', 'down', '-v']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /Removed/, 'nothing of the project is left to remove');
  });

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
