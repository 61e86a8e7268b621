import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRuntime } from '../../src/runtime/select.js';
import { RuntimeError } from '../../src/errors.js';

test('the docker backend reports an unreachable daemon as a RuntimeError naming DOCKER_HOST', async () => {
  // opening makes no round trip of its own: the first operation meets the missing daemon
  const runtime = await openRuntime('docker', { env: { DOCKER_HOST: 'unix:///nonexistent/bt.sock' } });
  try {
    for (const first of [() => runtime.observe('p'), () => runtime.listProjects()]) {
      await assert.rejects(first(), (err: unknown) => {
        assert.ok(err instanceof RuntimeError);
        assert.match(err.message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/bt\.sock: is dockerd running\?/);
        return true;
      });
    }
  } finally {
    await runtime.close();
  }
});
