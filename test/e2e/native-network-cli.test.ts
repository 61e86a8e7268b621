/**
 * Native networking through the CLI with real native containers: a scaled service resolves
 * to every replica and follows scaling at once, names resolve only on shared networks,
 * network aliases work, and a random published port is reported by `port` and answers.
 * Needs root (as the native scenarios); uses pool 10.213.184.0/22.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpGet, makeProject, type TestProject } from './harness.js';
import { TEST_IMAGE } from './test-image.js';
import { nativeBackend } from './native-backend.js';
import { nativeMissing } from '../helpers/native-runtime.js';
import { fakeUpstream } from './native-network-helpers.js';

const missing = nativeMissing();
if (missing && process.env['CI'] === 'true') {
  test('native networking CLI prerequisites', () => assert.fail(`the native networking CLI suite needs ${missing}`));
} else if (missing) {
  test('native networking CLI suite', (t) => t.skip(`needs ${missing}`));
} else {
  const backend = nativeBackend('netcli', { BERTH_ADDRESS_POOLS: '10.213.184.0/22:24' });

  /** Addresses busybox's nslookup finds for a name inside a service's container. */
  async function resolveIn(p: TestProject, service: string, name: string): Promise<string[]> {
    const r = await p.compose(['exec', '-T', service, 'nslookup', '-type=a', name]);
    const answer = r.stdout.split(/Name:/).slice(1).join('');
    return [...answer.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]!).sort();
  }

  test('native: replicas, scaling, aliases and network scoping resolve in real containers; port reports a random port', { timeout: 240_000 }, async (t) => {
    process.env['BERTH_DNS_UPSTREAMS'] = await fakeUpstream(t, {});
    await backend.prepare();
    const p = makeProject(t, backend, 'netcli', `
services:
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    networks: [front]
  client:
    image: ${TEST_IMAGE}
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_signal: SIGKILL
    ports: ["80"]
    networks: [front, back]
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    networks:
      back:
        aliases: [postgres]
networks:
  front: {}
  back: {}
`);
    const up = await p.compose(['up', '-d', '--scale', 'api=3']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await resolveIn(p, 'client', 'api')).length, 3, 'every replica');
    assert.equal((await resolveIn(p, 'client', 'postgres')).length, 1, 'a network alias');
    assert.deepEqual(await resolveIn(p, 'api', 'db'), [], 'api shares no network with db');
    const scaled = await p.compose(['up', '-d', '--scale', 'api=1']);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.equal((await resolveIn(p, 'client', 'api')).length, 1, 'scaled down at once');
    const port = await p.compose(['port', 'client', '80']);
    assert.equal(port.code, 0, port.stderr);
    const m = /:(\d+)\s*$/.exec(port.stdout.trim());
    assert.ok(m, `port printed host:port (${port.stdout})`);
    // the test image serves this from /www
    assert.equal(await httpGet(Number(m[1])), 'hello from berth\n');
  });
}
