import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDocker } from '../../src/docker/connect.js';
import { RuntimeError } from '../../src/errors.js';

test('no daemon answering is one clear error naming where we looked', async () => {
  await assert.rejects(connectDocker({ DOCKER_HOST: 'unix:///nonexistent/bt-docker.sock' }), (err: unknown) => {
    assert.ok(err instanceof RuntimeError);
    assert.match(err.message, /^cannot connect to the Docker daemon at unix:\/\/\/nonexistent\/bt-docker.sock: is dockerd running\?/);
    return true;
  });
});
