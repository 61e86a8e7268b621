/**
 * Reading the shim's CRI-format log: `<RFC3339Nano> <stdout|stderr> <F|P> <text>`.
 * P records are partial lines; they are joined with what follows on the same stream.
 */
import type { LogLine } from '../../runtime/runtime.js';

export interface LogJoiner {
  push(record: string): LogLine | undefined;
  /** what is left of unfinished lines, once no more records will come */
  flush(): LogLine[];
}

export function createLogJoiner(): LogJoiner {
  const partial: Record<'stdout' | 'stderr', { time: Date; text: string } | undefined> = { stdout: undefined, stderr: undefined };
  return {
    push(record) {
      const a = record.indexOf(' ');
      const b = record.indexOf(' ', a + 1);
      const c = record.indexOf(' ', b + 1);
      if (a < 0 || b < 0 || c < 0) return undefined;
      const stream = record.slice(a + 1, b);
      if (stream !== 'stdout' && stream !== 'stderr') return undefined;
      const tag = record.slice(b + 1, c);
      const text = record.slice(c + 1);
      const pending = partial[stream];
      const time = pending?.time ?? parseTime(record.slice(0, a));
      const joined = (pending?.text ?? '') + text;
      if (tag === 'P') {
        partial[stream] = { time, text: joined };
        return undefined;
      }
      partial[stream] = undefined;
      return { stream, time, text: joined };
    },
    flush() {
      const out: LogLine[] = [];
      for (const stream of ['stdout', 'stderr'] as const) {
        const p = partial[stream];
        if (p) out.push({ stream, time: p.time, text: p.text });
        partial[stream] = undefined;
      }
      return out;
    },
  };
}

/** Date keeps milliseconds; the file keeps nanoseconds for `logs -t` */
export function parseTime(s: string): Date {
  return new Date(s.replace(/\.(\d{3})\d*Z$/, '.$1Z'));
}

export function selectLines(lines: readonly LogLine[], options: { tail?: number; since?: Date }): LogLine[] {
  let out = options.since ? lines.filter((l) => l.time >= options.since!) : [...lines];
  if (options.tail !== undefined && options.tail >= 0) out = options.tail === 0 ? [] : out.slice(-options.tail);
  return out;
}
