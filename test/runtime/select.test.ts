import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRuntime } from '../../src/runtime/select.js';
import { RuntimeError } from '../../src/errors.js';

test('the docker backend reports an unreachable daemon as a RuntimeError naming DOCKER_HOST', async () => {
  await assert.rejects(openRuntime('docker', { env: { DOCKER_HOST: 'unix:///nonexistent/bt.sock' } }), (err: unknown) => {
    assert.ok(err instanceof RuntimeError);
    assert.match(err.message, /unix:\/\/\/nonexistent\/bt\.sock/);
    return true;
  });
});
