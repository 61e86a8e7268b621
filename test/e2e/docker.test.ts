/**
 * The shared scenarios against a real dockerd, plus what is Docker-only: living
 * side by side with docker-compose 1.29 on the same daemon.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defineScenarios } from './scenarios.js';
import { makeProject, psJson, type Backend } from './harness.js';
import { ensureTestImage, TEST_IMAGE } from './test-image.js';

const run = promisify(execFile);

async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}']);
    return true;
  } catch {
    return false;
  }
}

const available = await dockerAnswers();
if (!available && process.env.CI === 'true') {
  test('docker backend prerequisites', () => assert.fail('dockerd is not running (start it with scripts/ci/start-services.sh)'));
} else if (!available) {
  test('docker backend scenarios', (t) => t.skip('dockerd is not running'));
} else {
  const backend: Backend = {
    name: 'docker',
    cliArgs: ['--backend', 'docker'],
    prepare: async () => void (await ensureTestImage()),
  };
  defineScenarios(backend);

  test('docker: docker-compose 1.29 lists our project, and we list and take down theirs', { timeout: 120_000 }, async (t) => {
    await backend.prepare();
    try {
      await run('docker-compose', ['version', '--short']);
    } catch {
      if (process.env.CI === 'true') assert.fail('docker-compose (1.29) is not installed');
      return t.skip('docker-compose is not installed');
    }
    const yaml = `version: "2.4"
services:
  app:
    image: ${TEST_IMAGE}
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_signal: SIGKILL
`;
    const ours = makeProject(t, backend, 'ours', yaml);
    assert.equal((await ours.compose(['up', '-d'])).code, 0);
    const listed = await run('docker-compose', ['-p', ours.name, 'ps'], { cwd: ours.dir });
    assert.match(listed.stdout, new RegExp(`${ours.name}-app-1 .* Up`));

    const theirs = makeProject(t, backend, 'theirs', yaml);
    t.after(() => run('docker-compose', ['-p', theirs.name, 'down', '-v'], { cwd: theirs.dir }).catch(() => undefined));
    await run('docker-compose', ['-p', theirs.name, 'up', '-d'], { cwd: theirs.dir });
    const ps = await psJson(theirs);
    assert.deepEqual(ps.map((c) => [c.Service, c.State]), [['app', 'running']]);
    const down = await theirs.compose(['down']);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await psJson(theirs), []);
    const nets = await run('docker', ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${theirs.name}`]);
    assert.equal(nets.stdout.trim(), '');
  });
}
