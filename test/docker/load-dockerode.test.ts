import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forwarding, registerStandIn, ssh2StandIn } from '../../src/docker/load-dockerode.js';

/** A directory with node_modules/<name>/index.js whose loading is counted on globalThis. */
function fakePackage(t: { after(fn: () => void): void }, name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bt-standin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules', name), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'node_modules', name, 'index.js'), body);
  return dir;
}

declare global {
  var btLoads: Record<string, number> | undefined;
}

test('a forwarding stand-in loads the real module on the first property read, once', (t) => {
  const dir = fakePackage(t, 'bt-fake-a', `(globalThis.btLoads ??= {}).a = (globalThis.btLoads.a ?? 0) + 1;\nexports.answer = 42;`);
  assert.equal(registerStandIn(dir, 'bt-fake-a', forwarding), true);
  const req = createRequire(join(dir, 'package.json'));
  const mod = req('bt-fake-a') as { answer: number };
  assert.equal(globalThis.btLoads?.a, undefined, 'requiring the stand-in must not load the module');
  assert.equal(mod.answer, 42);
  assert.equal(globalThis.btLoads?.a, 1);
  assert.equal(mod.answer, 42);
  // later requires get the real module itself
  assert.equal((req('bt-fake-a') as { answer: number }).answer, 42);
  assert.notEqual(req('bt-fake-a'), mod);
  assert.equal(globalThis.btLoads?.a, 1);
});

test('registering over a module already loaded changes nothing', (t) => {
  const dir = fakePackage(t, 'bt-fake-b', 'exports.real = true;');
  const req = createRequire(join(dir, 'package.json'));
  const real = req('bt-fake-b');
  assert.equal(registerStandIn(dir, 'bt-fake-b', forwarding), false);
  assert.equal(req('bt-fake-b'), real);
  assert.equal(registerStandIn(dir, 'bt-no-such-package', forwarding), false);
});

test('the ssh2 stand-in hands out Client without loading ssh2 and constructs the real one on use', (t) => {
  const dir = fakePackage(
    t,
    'bt-fake-ssh',
    `(globalThis.btLoads ??= {}).ssh = (globalThis.btLoads.ssh ?? 0) + 1;\nexports.Client = class Client { constructor(o) { this.o = o; } };\nexports.other = 'x';`,
  );
  assert.equal(registerStandIn(dir, 'bt-fake-ssh', ssh2StandIn), true);
  const req = createRequire(join(dir, 'package.json'));
  // what docker-modem does as it loads
  const { Client } = req('bt-fake-ssh') as { Client: new (o: unknown) => { o: unknown } };
  assert.equal(globalThis.btLoads?.ssh, undefined);
  const c = new Client({ host: 'h' });
  assert.equal(globalThis.btLoads?.ssh, 1);
  assert.equal(c.constructor.name, 'Client');
  assert.deepEqual(c.o, { host: 'h' });
  assert.equal((req('bt-fake-ssh') as { other: string }).other, 'x');
});

test('dockerode loads without ssh2, gRPC or protobufjs and still talks to a unix socket', () => {
  const url = new URL('../../src/docker/load-dockerode.js', import.meta.url).href;
  // a fresh process: the test runner's own module cache must not decide the outcome
  const script = `
    import { createRequire } from 'node:module';
    const { loadDockerode } = await import(${JSON.stringify(url)});
    const Docker = loadDockerode();
    const d = new Docker({ socketPath: '/nonexistent/bt-docker.sock' });
    const cache = createRequire(import.meta.url).cache;
    const heavy = Object.keys(cache).filter((f) => /node_modules\\/(ssh2|@grpc|protobufjs|cpu-features|tar-fs|tar-stream|@balena)\\//.test(f));
    // stand-ins are registered under the packages' entry files, with nothing loaded beneath them
    const real = heavy.filter((f) => cache[f].children.length > 0 || !cache[f].loaded);
    let error = '';
    await d.ping().catch((e) => { error = e.code; });
    console.log(JSON.stringify({ heavy: heavy.length, real, same: loadDockerode() === Docker, error }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
    heavy: number;
    real: string[];
    same: boolean;
    error: string;
  };
  assert.deepEqual(out.real, []);
  assert.ok(out.heavy <= 5, `expected only the five stand-ins, found ${out.heavy} modules`);
  assert.equal(out.same, true);
  assert.equal(out.error, 'ENOENT');
});

test('a forwarding stand-in of a module that exports a function can be called and constructed', (t) => {
  const dir = fakePackage(
    t,
    'bt-fake-fn',
    `(globalThis.btLoads ??= {}).fn = (globalThis.btLoads.fn ?? 0) + 1;\nmodule.exports = function make(o) { if (!(this instanceof make)) return { made: o }; this.built = o; };`,
  );
  assert.equal(registerStandIn(dir, 'bt-fake-fn', forwarding), true);
  const make = createRequire(join(dir, 'package.json'))('bt-fake-fn') as {
    (o: number): { made: number };
    new (o: number): { built: number };
  };
  assert.equal(globalThis.btLoads?.fn, undefined);
  assert.deepEqual(make(1), { made: 1 });
  assert.equal(new make(2).built, 2);
  assert.equal(globalThis.btLoads?.fn, 1);
});
