/** `compose stats` on the docker backend (needs dockerd). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defineStatsScenarios } from './stats-scenarios.js';
import { ensureTestImage } from './test-image.js';

async function dockerAnswers(): Promise<boolean> {
  try {
    await promisify(execFile)('docker', ['version', '--format', '{{.Server.Version}}']);
    return true;
  } catch {
    return false;
  }
}

if (!(await dockerAnswers())) {
  if (process.env.CI === 'true') test('docker stats prerequisites', () => assert.fail('dockerd is not running (start it with scripts/ci/start-services.sh)'));
  else test('docker stats scenarios', (t) => t.skip('dockerd is not running'));
} else {
  defineStatsScenarios({ name: 'docker', cliArgs: ['--backend', 'docker'], prepare: async () => void (await ensureTestImage()) });
}
