import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogJoiner, parseTime, selectLines } from '../../../src/native/container/log-format.js';

test('joins partial records per stream and keeps the first timestamp', () => {
  const j = createLogJoiner();
  assert.equal(j.push('2026-01-01T00:00:00.000000001Z stdout P hel'), undefined);
  const err = j.push('2026-01-01T00:00:01.5Z stderr F oops');
  const out = j.push('2026-01-01T00:00:02Z stdout F lo world');
  assert.deepEqual(err, { stream: 'stderr', time: new Date('2026-01-01T00:00:01.500Z'), text: 'oops' });
  assert.deepEqual(out, { stream: 'stdout', time: new Date('2026-01-01T00:00:00.000Z'), text: 'hello world' });
  assert.equal(j.push('garbage'), undefined);
  j.push('2026-01-01T00:00:03Z stdout P tail');
  assert.deepEqual(j.flush().map((l) => l.text), ['tail']);
});

test('parses nanosecond timestamps', () => {
  assert.equal(parseTime('2026-11-27T20:46:34.801817231Z').toISOString(), '2026-11-27T20:46:34.801Z');
});

test('since, then tail', () => {
  const lines = [1, 2, 3, 4].map((s) => ({ stream: 'stdout' as const, time: new Date(s * 1000), text: String(s) }));
  assert.deepEqual(selectLines(lines, { tail: 2 }).map((l) => l.text), ['3', '4']);
  assert.deepEqual(selectLines(lines, { since: new Date(2000), tail: 10 }).map((l) => l.text), ['2', '3', '4']);
  assert.deepEqual(selectLines(lines, { tail: 0 }), []);
});
