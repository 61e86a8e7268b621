import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDocker } from '../../src/docker/connect.js';
import { RuntimeError } from '../../src/errors.js';
import { call } from '../../src/docker/engine-error.js';

test('no daemon answering is one clear error naming where we looked, from the first call', async () => {
  // connecting costs no round trip of its own
  const { engine } = await connectDocker({ DOCKER_HOST: 'unix:///nonexistent/bt-docker.sock' });
  try {
    await assert.rejects(engine.get('/containers/json'), (err: unknown) => {
      assert.ok(err instanceof RuntimeError);
      assert.match(err.message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/bt-docker.sock: is dockerd running\? \(.*ENOENT/);
      return true;
    });
    // whatever call meets it first, the message is the same, not prefixed with the call
    await assert.rejects(call('list containers of project p', () => engine.get('/containers/json')), (err: unknown) => {
      assert.match((err as Error).message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent/);
      return true;
    });
  } finally {
    await engine.close();
  }
  const tcp = await connectDocker({ DOCKER_HOST: 'tcp://127.0.0.1:1' });
  try {
    await assert.rejects(tcp.engine.get('/_ping'), /^NoDaemonError: cannot connect to the Docker daemon at tcp:\/\/127.0.0.1:1: is dockerd running\? \(.*ECONNREFUSED/);
  } finally {
    await tcp.engine.close();
  }
});
