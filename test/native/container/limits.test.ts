import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSysctls, healthSpec, restartPolicy, rlimits } from '../../../src/native/container/limits.js';
import { cgroupLimits } from '../../../src/native/container/resources.js';
import { makeService } from '../../helpers/model.js';

test('restart policies from restart: and deploy.restart_policy', () => {
  assert.deepEqual(restartPolicy(makeService('a', {})), { name: 'no', max: 0 });
  assert.deepEqual(restartPolicy(makeService('a', { restart: 'on-failure:3' })), { name: 'on-failure', max: 3 });
  assert.deepEqual(restartPolicy(makeService('a', { restart: 'unless-stopped' })), { name: 'unless-stopped', max: 0 });
  assert.deepEqual(restartPolicy(makeService('a', { deploy: { resources: {}, labels: {}, restart_policy: { condition: 'any' } } })), { name: 'always', max: 0 });
  assert.throws(() => restartPolicy(makeService('a', { restart: 'sometimes' })), /restart: unknown policy sometimes/);
});

test("healthcheck: the service's over the image's, CMD-SHELL through /bin/sh, Docker's defaults, NONE and disable", () => {
  const img = { Test: ['CMD', 'true'], Interval: 2e9, Retries: 5 };
  assert.deepEqual(healthSpec(makeService('a', {}), img), { command: ['true'], intervalMs: 2000, timeoutMs: 30000, retries: 5, startPeriodMs: 0, startIntervalMs: 5000 });
  const svc = makeService('a', { healthcheck: { test: ['CMD-SHELL', 'curl -f x'], interval: 500, disable: false } });
  assert.deepEqual(healthSpec(svc, img)?.command, ['/bin/sh', '-c', 'curl -f x']);
  assert.equal(healthSpec(svc, img)?.intervalMs, 500);
  assert.equal(healthSpec(makeService('a', { healthcheck: { test: ['NONE'], disable: false } }), img), undefined);
  assert.equal(healthSpec(makeService('a', { healthcheck: { disable: true } }), img), undefined);
  assert.equal(healthSpec(makeService('a', {}), undefined), undefined);
});

test('only namespaced sysctls; net.* not with host networking', () => {
  assert.deepEqual(checkSysctls(makeService('a', { sysctls: { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '1' } }), false), [['net.ipv4.ip_forward', '1'], ['kernel.shmmax', '1']]);
  assert.throws(() => checkSysctls(makeService('a', { sysctls: { 'vm.swappiness': '1' } }), false), /sysctls.vm.swappiness: not a namespaced sysctl/);
  assert.throws(() => checkSysctls(makeService('a', { sysctls: { 'net.core.somaxconn': '1' } }), true), /not a namespaced/);
});

test('ulimits by name, -1 as unlimited', () => {
  assert.deepEqual(rlimits(makeService('a', { ulimits: { nofile: { soft: 1024, hard: 2048 }, core: { soft: -1, hard: -1 } } })), [
    [7, '1024', '2048'], [4, '18446744073709551615', '18446744073709551615'],
  ]);
});

test('cgroup limits: short fields over deploy.resources.limits', () => {
  const s = makeService('a', { mem_limit: 100, cpus: 0.5, deploy: { resources: { limits: { memory: 200, cpus: 2, pids: 7 } }, labels: {} } });
  assert.deepEqual(cgroupLimits(s), { memory: 100, cpus: 0.5, pids: 7 });
});
