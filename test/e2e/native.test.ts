/**
 * The shared scenarios on the native backend (as root): the test image is the same busybox
 * rootfs as the docker suite's, imported into a temp native image store (BERTH_ROOT).
 * Containers' cgroups go under a per-run parent so leftovers are findable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineScenarios } from './scenarios.js';
import { nativeBackend } from './native-backend.js';
import { nativeMissing } from '../helpers/native-runtime.js';

const missing = nativeMissing();
if (missing && process.env.CI === 'true') {
  test('native backend prerequisites', () => assert.fail(`the native backend scenarios need ${missing}`));
} else if (missing) {
  test('native backend scenarios', (t) => t.skip(`needs ${missing}`));
} else {
  const backend = nativeBackend('e2e');
  defineScenarios(backend);
}
