import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeFrame, dataFrames, decodeFrames, FRAME_MAX, resizeFrame } from '../../../src/native/container/attach-frames.js';

test('data frames carry the bytes with a big-endian length; large input is split at FRAME_MAX', () => {
  assert.deepEqual([...dataFrames(Buffer.from('hi'))], [0x64, 0, 2, 0x68, 0x69]);
  const big = Buffer.alloc(FRAME_MAX * 2 + 5, 7);
  const { frames, rest } = decodeFrames(dataFrames(big));
  assert.equal(rest.length, 0);
  assert.deepEqual(frames.map((f) => [f.type, f.payload.length]), [['d', FRAME_MAX], ['d', FRAME_MAX], ['d', 5]]);
  assert.deepEqual(Buffer.concat(frames.map((f) => f.payload)), big);
});

test('a resize frame is rows then columns, 16 bits each; odd sizes are clamped', () => {
  assert.deepEqual([...resizeFrame(40, 300)], [0x77, 0, 4, 0, 40, 1, 44]);
  assert.deepEqual([...resizeFrame(-3, 1e6)].slice(3), [0, 0, 0xff, 0xff]);
  assert.deepEqual([...resizeFrame(Number.NaN, 80.7)].slice(3), [0, 0, 0, 80]);
});

test('close is an empty c frame; a partial frame stays for the next chunk', () => {
  assert.deepEqual([...closeFrame()], [0x63, 0, 0]);
  const all = Buffer.concat([resizeFrame(1, 2), dataFrames(Buffer.from('abc'))]);
  const first = decodeFrames(all.subarray(0, all.length - 1));
  assert.deepEqual(first.frames.map((f) => f.type), ['w']);
  assert.equal(first.rest.length, 5);
  const second = decodeFrames(Buffer.concat([first.rest, all.subarray(all.length - 1)]));
  assert.equal(second.frames[0]?.payload.toString(), 'abc');
});
