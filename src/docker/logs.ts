/**
 * Engine log and attach streams. Without a TTY the Engine multiplexes stdout and
 * stderr into frames (1 byte stream, 3 zero bytes, 4 bytes big-endian length, payload);
 * with a TTY the stream is raw. Parsing is pure and works on any chunking.
 */
import type { LogLine } from '../runtime/runtime.js';

export interface Frame {
  readonly stream: 'stdout' | 'stderr';
  readonly payload: Buffer;
}

/** A stateful frame parser: push chunks in, take whole frames out. */
export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0];
      frames.push({ stream: kind === 2 ? 'stderr' : 'stdout', payload: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }
}

/** Splits payloads into lines per stream, keeping a partial last line until it completes. */
export class LineSplitter {
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  push(frame: Frame): { stream: 'stdout' | 'stderr'; line: string }[] {
    const text = this.partial[frame.stream] + frame.payload.toString('utf8');
    const parts = text.split('\n');
    this.partial[frame.stream] = parts.pop() ?? '';
    // a TTY's CR stays: its logs show CRLF, as `docker logs` and the native backend show them
    return parts.map((line) => ({ stream: frame.stream, line }));
  }

  flush(): { stream: 'stdout' | 'stderr'; line: string }[] {
    const out = (['stdout', 'stderr'] as const)
      .filter((s) => this.partial[s] !== '')
      .map((s) => ({ stream: s, line: this.partial[s] }));
    this.partial = { stdout: '', stderr: '' };
    return out;
  }
}

/** The Engine prefixes each line with an RFC 3339 nano timestamp when asked; we always ask. */
export function splitTimestamp(line: string): { time: Date; text: string } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) ?/.exec(line);
  if (!m) return { time: new Date(), text: line };
  const fraction = (m[2] ?? '').slice(0, 4);
  return { time: new Date(`${m[1]}${fraction}${m[3]}`), text: line.slice(m[0].length) };
}

/** Raw Engine output (framed or TTY) -> timestamped log lines. */
export async function* logLines(chunks: AsyncIterable<Buffer>, framed: boolean): AsyncGenerator<LogLine> {
  const parser = new FrameParser();
  const splitter = new LineSplitter();
  const toLine = (l: { stream: 'stdout' | 'stderr'; line: string }): LogLine => {
    const { time, text } = splitTimestamp(l.line);
    return { stream: l.stream, time, text };
  };
  for await (const chunk of chunks) {
    const frames = framed ? parser.push(chunk) : [{ stream: 'stdout' as const, payload: chunk }];
    for (const f of frames) for (const l of splitter.push(f)) yield toLine(l);
  }
  for (const l of splitter.flush()) yield toLine(l);
}

/** Writes a framed stream's payloads to stdout/stderr as they come (exec, attach). */
export function demuxTo(chunk: Buffer, parser: FrameParser, out: NodeJS.WritableStream, err: NodeJS.WritableStream) {
  for (const f of parser.push(chunk)) (f.stream === 'stderr' ? err : out).write(f.payload);
}
