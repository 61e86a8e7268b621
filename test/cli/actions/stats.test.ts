import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame } from '../../../src/cli/actions/stats.js';
import { parseFormat, statsRow } from '../../../src/cli/actions/stats-format.js';

const row = statsRow(
  { id: 'abcdefabcdefabcdef', name: 'p-a-1' },
  { cpuPercent: 1, memoryUsage: 1024, memoryLimit: 2048, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 1 },
  false,
);

test('off a terminal each sample is a plain block, tables apart by a blank line', () => {
  const t = parseFormat('table');
  const first = frame(t, [row], { redraw: false, first: true });
  const next = frame(t, [row], { redraw: false, first: false });
  assert.ok(!first.includes('\x1b') && !next.includes('\x1b'));
  assert.match(first, /^CONTAINER ID .*\nabcdefabcdef .*\n$/);
  assert.equal(next, `\n${first}`);
});

test('json lines stay one object per line from sample to sample', () => {
  const t = parseFormat('json');
  const text = frame(t, [row], { redraw: false, first: true }) + frame(t, [row], { redraw: false, first: false });
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) assert.equal((JSON.parse(l) as { Name: string }).Name, 'p-a-1');
});

test('on a terminal a sample redraws from the top, clearing what the last left', () => {
  const t = parseFormat('table');
  const first = frame(t, [row], { redraw: true, first: true });
  const next = frame(t, [], { redraw: true, first: false });
  assert.ok(first.startsWith('\x1b[2J\x1b[H'));
  assert.ok(next.startsWith('\x1b[H') && !next.includes('\x1b[2J'));
  // each line erases its tail and the screen below is cleared, so a vanished container's row goes
  assert.ok(next.endsWith('\x1b[K\n\x1b[J'));
});
