/** Shared scenarios, part one: bringing a project up and down (see scenarios.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { httpGet, makeProject, psJson, type Backend } from './harness.js';
import { I, cgi, server } from './scenario-fixtures.js';

export function defineUpScenarios(backend: Backend, prepare: () => Promise<void>, opts: { timeout: number }): void {
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
}
