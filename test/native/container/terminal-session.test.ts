import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startSession } from '../../../src/native/container/terminal-session.js';
import { decodeFrames } from '../../../src/native/container/attach-frames.js';

function capture(s: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  return () => Buffer.concat(chunks);
}

test('a terminal session: stdin as data frames, resizes as w frames, its end as c and a half-close; output raw', async () => {
  const sink = new PassThrough();
  const sent = capture(sink);
  let sinkEnded = false;
  sink.on('end', () => (sinkEnded = true));
  const output = new PassThrough();
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: (r: boolean) => modes.push(r) });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, rows: 24, columns: 80 });
  const shown = capture(stdout);
  const session = startSession(sink, output, { stdio: { stdin, stdout, stderr: stdout }, tty: true, input: true });
  assert.deepEqual(modes, [true]);
  stdin.write('ls\r');
  Object.assign(stdout, { rows: 10, columns: 20 });
  stdout.emit('resize');
  stdin.end();
  output.end(Buffer.from('file\r\n'));
  await session.ended;
  await new Promise((r) => setImmediate(r));
  const frames = decodeFrames(sent()).frames.map((f) => [f.type, [...f.payload]]);
  assert.deepEqual(frames, [['d', [...Buffer.from('ls\r')]], ['w', [0, 10, 0, 20]], ['c', []]]);
  assert.ok(sinkEnded, 'the sink is half-closed when stdin ends');
  assert.equal(shown().toString(), 'file\r\n');
  assert.deepEqual(modes, [true, false], 'raw mode undone when the output ends');
});

test('without input the CLI stdin is not read; without a TTY no raw mode and no resizes', async () => {
  const sink = new PassThrough();
  const sent = capture(sink);
  const output = new PassThrough();
  const stdin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => assert.fail('no raw mode') });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, rows: 24, columns: 80 });
  const session = startSession(sink, output, { stdio: { stdin, stdout, stderr: stdout }, tty: false, input: false });
  stdin.write('ignored');
  stdout.emit('resize');
  output.end();
  await session.ended;
  assert.equal(sent().length, 0);
});
