import { test } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { exitCodeFromStatus, healthFromStatus, toObservedContainer } from '../../src/docker/observe.js';
import { endpointFromEnv } from '../../src/docker/connect.js';

test('health and exit code come from the list status text', () => {
  assert.equal(healthFromStatus('Up 3 seconds (healthy)'), 'healthy');
  assert.equal(healthFromStatus('Up 3 seconds (health: starting)'), 'starting');
  assert.equal(healthFromStatus('Up 1 second (unhealthy)'), 'unhealthy');
  assert.equal(healthFromStatus('Up 1 second'), 'none');
  assert.equal(exitCodeFromStatus('Exited (137) 2 seconds ago'), 137);
});

test('a listed container maps to the model by its Compose labels', () => {
  const info = {
    Id: 'abc', Names: ['/p-web-2'], Image: 'img', State: 'exited', Status: 'Exited (3) 1 second ago', Created: 1700000000,
    Labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': 'web', 'com.docker.compose.container-number': '2', 'com.docker.compose.oneoff': 'False', 'com.docker.compose.config-hash': 'h' },
    Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
  } as unknown as Docker.ContainerInfo;
  const c = toObservedContainer(info);
  assert.deepEqual([c.name, c.project, c.service, c.number, c.oneoff, c.configHash, c.state, c.exitCode], ['p-web-2', 'p', 'web', 2, false, 'h', 'exited', 3]);
  assert.deepEqual(c.ports, [{ target: 80, protocol: 'tcp', hostIp: '0.0.0.0', published: 8080 }]);
});

test('DOCKER_HOST: unix socket, tcp, default', () => {
  assert.deepEqual(endpointFromEnv({}).options, { socketPath: '/var/run/docker.sock' });
  assert.deepEqual(endpointFromEnv({ DOCKER_HOST: 'unix:///tmp/d.sock' }).options, { socketPath: '/tmp/d.sock' });
  assert.deepEqual(endpointFromEnv({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }).options, { host: '10.0.0.1', port: 2375, protocol: 'http' });
  assert.throws(() => endpointFromEnv({ DOCKER_HOST: 'ssh://x' }), /unsupported DOCKER_HOST "ssh:\/\/x"/);
});
