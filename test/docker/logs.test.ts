import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameParser, logLines, splitTimestamp } from '../../src/docker/logs.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* chunked(buffer: Buffer, size: number) {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

test('frames are parsed whatever the chunking, lines split per stream', async () => {
  const all = Buffer.concat([
    frame(1, '2024-01-02T03:04:05.123456789Z hel'),
    frame(2, '2024-01-02T03:04:06Z oops\n'),
    frame(1, 'lo\n2024-01-02T03:04:07Z second\n'),
  ]);
  for (const size of [1, 3, 7, all.length]) {
    const lines = [];
    for await (const l of logLines(chunked(all, size), true)) lines.push([l.stream, l.text, l.time.toISOString()]);
    assert.deepEqual(lines, [
      ['stderr', 'oops', '2024-01-02T03:04:06.000Z'],
      ['stdout', 'hello', '2024-01-02T03:04:05.123Z'],
      ['stdout', 'second', '2024-01-02T03:04:07.000Z'],
    ], `chunk size ${size}`);
  }
});

test('a TTY stream is raw stdout, CR kept as the terminal wrote it; a last line without newline is kept', async () => {
  const lines = [];
  for await (const l of logLines(chunked(Buffer.from('2024-01-02T03:04:05Z a\r\nb'), 2), false)) lines.push(l.text);
  assert.deepEqual(lines, ['a\r', 'b']);
});

test('a partial frame waits for the rest', () => {
  const p = new FrameParser();
  const f = frame(1, 'abc');
  assert.deepEqual(p.push(f.subarray(0, 9)), []);
  assert.equal(p.push(f.subarray(9))[0]?.payload.toString(), 'abc');
});

test('splitTimestamp leaves lines without a timestamp alone', () => {
  assert.equal(splitTimestamp('plain text').text, 'plain text');
});
