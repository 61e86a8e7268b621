/** `compose create` and `compose scale` (both `up` underneath, so under the project lock) on the native backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, psJson } from './harness.js';
import { nativeBackend } from './native-backend.js';
import { TEST_IMAGE } from './test-image.js';
import { nativeMissing } from '../helpers/native-runtime.js';

const YAML = `
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    stop_signal: SIGKILL
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    stop_signal: SIGKILL
    depends_on: [db]
`;

const missing = nativeMissing();
if (missing && process.env.CI === 'true') {
  test('native create/scale prerequisites', () => assert.fail(`the native create/scale scenarios need ${missing}`));
} else if (missing) {
  test('native create/scale scenarios', (t) => t.skip(`needs ${missing}`));
} else {
  const backend = nativeBackend('scale');
  test('native: create leaves containers created; scale brings a service to N running with its dependencies', { timeout: 120_000 }, async (t) => {
    await backend.prepare();
    const p = makeProject(t, backend, 'scale', YAML);
    const states = async () => (await psJson(p)).map((c) => `${c.Name.replace(`${p.name}-`, '')} ${c.State}`).sort();
    const create = await p.compose(['create']);
    assert.equal(create.code, 0, create.stderr);
    assert.deepEqual(await states(), ['db-1 created', 'web-1 created']);
    const up = await p.compose(['scale', 'web=3']);
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(await states(), ['db-1 running', 'web-1 running', 'web-2 running', 'web-3 running']);
    const down = await p.compose(['scale', 'web=1']);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await states(), ['db-1 running', 'web-1 running']);
    const bad = await p.compose(['scale', 'web']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid --scale "web": expected SERVICE=NUMBER/);
  });
}
