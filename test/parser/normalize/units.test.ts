import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration, parseSize } from '../../../src/parser/normalize/units.js';
import { shellSplit } from '../../../src/parser/normalize/shell-split.js';

test('durations both ways in Go syntax', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('10'), 10_000);
  assert.equal(parseDuration('5x'), undefined);
  for (const [ms, text] of [[90_000, '1m30s'], [3_600_000, '1h0m0s'], [500, '500ms'], [1500, '1.5s'], [0, '0s'], [0.5, '500µs']] as const) {
    assert.equal(formatDuration(ms), text);
    assert.equal(parseDuration(text), ms);
  }
});

test('sizes in Docker units', () => {
  assert.equal(parseSize('512m'), 536_870_912);
  assert.equal(parseSize('1GB'), 1_073_741_824);
  assert.equal(parseSize('100k'), 102_400);
  assert.equal(parseSize('2048'), 2048);
  assert.equal(parseSize(1024), 1024);
  assert.equal(parseSize('lots'), undefined);
});

test('shell splitting', () => {
  assert.deepEqual(shellSplit(`a  "b c"  'd "e"' f\\ g "h\\"i"`), ['a', 'b c', 'd "e"', 'f g', 'h"i']);
  assert.deepEqual(shellSplit(`''`), ['']);
  assert.deepEqual(shellSplit('"open'), { error: 'unterminated double quote' });
});
