import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeYaml, stageErrors } from '../../helpers/normalize-yaml.js';

const svc = (body: string) => normalizeYaml(`services:\n  s:\n${body}`).services.s!;

test('build string and mapping resolve the context; URLs stay', () => {
  assert.deepEqual(svc('    build: ./app\n').build, { context: '/srv/app/app', dockerfile: 'Dockerfile', args: {}, labels: {} });
  assert.deepEqual(svc('    build: {context: ../b, dockerfile: Dev.Dockerfile, args: [A=1, B], target: dev}\n').build, {
    context: '/srv/b', dockerfile: 'Dev.Dockerfile', args: { A: '1', B: null }, target: 'dev', labels: {},
  });
  assert.equal(svc('    build: https://github.com/x/y.git#main\n').build!.context, 'https://github.com/x/y.git#main');
});

test('a string command is split like a shell would', () => {
  assert.deepEqual(svc(`    image: x\n    command: sh -c 'echo "a b"' "c d" e\\ f\n`).command, ['sh', '-c', 'echo "a b"', 'c d', 'e f']);
  assert.deepEqual(svc('    image: x\n    entrypoint: ["/bin/sh", "-c"]\n').entrypoint, ['/bin/sh', '-c']);
  assert.equal(svc('    image: x\n').command, null);
  assert.deepEqual(svc('    image: x\n    command: []\n').command, []);
});

test('an unterminated quote in a command is an error', () => {
  assert.deepEqual(stageErrors(`services:\n  s:\n    image: x\n    command: echo 'oops\n`), [
    `compose.yaml:4:14: services.s.command: invalid command "echo 'oops": unterminated single quote`,
  ]);
});

test('healthcheck: string test runs in a shell, durations in milliseconds', () => {
  assert.deepEqual(svc('    image: x\n    healthcheck: {test: curl -f localhost, interval: 1m30s, timeout: 500ms, retries: 3}\n').healthcheck, {
    disable: false, test: ['CMD-SHELL', 'curl -f localhost'], interval: 90_000, timeout: 500, retries: 3,
  });
  assert.equal(svc('    image: x\n    healthcheck: {test: [NONE]}\n').healthcheck!.disable, true);
});
