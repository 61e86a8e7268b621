import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean } from '../../../src/parser/validate/did-you-mean.js';

test('suggests the closest allowed word, or nothing when none is close', () => {
  assert.equal(didYouMean('imag', ['image', 'init', 'ipc']), 'image');
  assert.equal(didYouMean('retry', ['retries', 'interval']), 'retries');
  assert.equal(didYouMean('Ports', ['ports', 'expose']), 'ports');
  assert.equal(didYouMean('zzz', ['image', 'ports']), undefined);
  assert.equal(didYouMean('x', []), undefined);
});
