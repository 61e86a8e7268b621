import { test } from 'node:test';
import assert from 'node:assert/strict';
import { superviseAttached } from '../../src/executor/attach.js';
import type { ExitRule } from '../../src/executor/exit-code.js';
import { makeProject } from '../helpers/model.js';
import { FakeRuntime, type ServiceScript } from '../helpers/fake-runtime.js';

async function attached(scripts: Record<string, ServiceScript>, rule: Partial<ExitRule>, interrupt?: (fire: () => void) => void) {
  const names = Object.keys(scripts);
  const p = makeProject({ name: 'p', services: Object.fromEntries(names.map((n) => [n, { image: 'x' }])) });
  const rt = new FakeRuntime(scripts);
  const targets: { id: string; name: string; service: string }[] = [];
  for (const n of names) {
    const c = await rt.createContainer({ project: p, service: p.services[n]!, number: 1, name: `p-${n}-1`, oneoff: false, configHash: '', labels: {} });
    await rt.startContainer(c.id);
    targets.push({ id: c.id, name: c.name, service: n });
  }
  let out = '';
  const notices: string[] = [];
  const code = await superviseAttached(rt, targets, {
    project: 'p',
    rule: { abortOnExit: false, abortOnFailure: false, ...rule },
    color: false,
    prefix: true,
    timestamps: false,
    write: (t) => (out += t),
    notice: (t) => notices.push(t),
    stopAll: async () => void (await Promise.all(targets.map((t) => rt.stopContainer(t.id)))),
    killAll: async () => void (await Promise.all(targets.map((t) => rt.killContainer(t.id, 'SIGKILL')))),
    ...(interrupt ? { onInterrupt: (h: () => void) => (interrupt(h), () => undefined) } : {}),
  });
  return { code, out, notices, rt };
}

test('logs are prefixed with the short container name, padded', async () => {
  const { out, code } = await attached({ a: { logs: ['hello'], exit: 0 }, long: { logs: ['world'], exit: 0 } }, {});
  assert.match(out, /^a-1     \| hello$/m);
  assert.match(out, /^long-1  \| world$/m);
  assert.match(out, /^a-1 exited with code 0$/m);
  assert.equal(code, 0);
});

test('--abort-on-container-exit stops the rest and returns the first exit code', async () => {
  const { code, rt, notices } = await attached({ quick: { exit: 5, exitAfterMs: 5 }, server: {} }, { abortOnExit: true });
  assert.equal(code, 5);
  assert.ok(rt.calls.includes('stop id-p-server-1'));
  assert.ok(notices.includes('Aborting on container exit...'));
});

test('--abort-on-container-failure ignores a zero exit and aborts on the first failure', async () => {
  const { code } = await attached({ ok: { exit: 0 }, bad: { exit: 2, exitAfterMs: 20 }, server: {} }, { abortOnFailure: true });
  assert.equal(code, 2);
});

test("--exit-code-from returns that service's code even when another exits first", async () => {
  const { code } = await attached({ first: { exit: 0, exitAfterMs: 5 }, target: {} }, { exitCodeFrom: 'target' });
  assert.equal(code, 143);
});

test('a first Ctrl-C stops gracefully; a second kills', async () => {
  let fire = () => {};
  const run = attached({ server: {} }, {}, (f) => (fire = f));
  await new Promise((r) => setTimeout(r, 10));
  fire();
  const { code, rt, notices } = await run;
  assert.equal(code, 130);
  assert.ok(rt.calls.includes('stop id-p-server-1'));
  assert.ok(notices[0]?.startsWith('Gracefully stopping'));
});
