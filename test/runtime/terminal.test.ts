import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { holdTerminal, terminalSize } from '../../src/runtime/terminal.js';

function fakeTty(rows: number, columns: number) {
  return Object.assign(new PassThrough(), { isTTY: true, rows, columns });
}

function fakeTtyIn() {
  const modes: boolean[] = [];
  const s = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: (r: boolean) => modes.push(r) });
  return { s, modes };
}

test('terminalSize: the size of a terminal output, nothing for a pipe', () => {
  assert.deepEqual(terminalSize(fakeTty(24, 80)), { rows: 24, cols: 80 });
  assert.equal(terminalSize(new PassThrough()), undefined);
  assert.equal(terminalSize(fakeTty(0, 0)), undefined);
});

test('holdTerminal: raw mode while held, resizes reported, both undone on release', () => {
  const out = fakeTty(24, 80);
  const input = fakeTtyIn();
  const sizes: string[] = [];
  const release = holdTerminal({ stdin: input.s, stdout: out, stderr: out }, (s) => sizes.push(`${s.rows}x${s.cols}`));
  assert.deepEqual(input.modes, [true]);
  Object.assign(out, { rows: 50, columns: 132 });
  out.emit('resize');
  release();
  out.emit('resize');
  assert.deepEqual(sizes, ['50x132']);
  assert.deepEqual(input.modes, [true, false]);
});

test('holdTerminal: a piped stdin is left alone, and a pipe output has no resizes', () => {
  const piped = new PassThrough();
  const out = new PassThrough();
  const release = holdTerminal({ stdin: piped, stdout: out, stderr: out }, () => assert.fail('no resize from a pipe'));
  out.emit('resize');
  release();
  assert.equal(out.listenerCount('resize'), 0);
});
