/** `compose stats` on the native backend (as root). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineStatsScenarios } from './stats-scenarios.js';
import { nativeBackend } from './native-backend.js';
import { nativeMissing } from '../helpers/native-runtime.js';

const missing = nativeMissing();
if (missing && process.env.CI === 'true') {
  test('native stats prerequisites', () => assert.fail(`the native stats scenarios need ${missing}`));
} else if (missing) {
  test('native stats scenarios', (t) => t.skip(`needs ${missing}`));
} else {
  defineStatsScenarios(nativeBackend('stats'));
}
