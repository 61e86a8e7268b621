/**
 * logs: what the shim wrote, filtered by --since and --tail, then with -f everything appended
 * until the container has stopped and its output is drained (or the caller aborts).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogLine, LogOptions } from '../../runtime/runtime.js';
import { createLogJoiner, selectLines } from './log-format.js';

function readFrom(path: string, offset: number): { data: string; offset: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { data: '', offset };
  }
  try {
    const size = statSync(path).size;
    if (size <= offset) return { data: '', offset };
    const buf = Buffer.alloc(size - offset);
    const n = readSync(fd, buf, 0, buf.length, offset);
    const text = buf.subarray(0, n).toString('utf8');
    // only whole records; the rest is read next time
    const end = text.lastIndexOf('\n') + 1;
    return { data: text.slice(0, end), offset: offset + Buffer.byteLength(text.slice(0, end)) };
  } finally {
    closeSync(fd);
  }
}

export function logSize(dir: string): number {
  try {
    return statSync(join(dir, 'log')).size;
  } catch {
    return 0;
  }
}

/** startAt: a byte offset to follow from (attach), skipping what was logged before */
export async function* readLogs(dir: string, options: LogOptions, isRunning: () => boolean, startAt?: number): AsyncGenerator<LogLine> {
  const path = join(dir, 'log');
  const joiner = createLogJoiner();
  const parse = (data: string) => data.split('\n').filter(Boolean).map((r) => joiner.push(r)).filter((l): l is LogLine => l !== undefined);
  let { data, offset } = startAt !== undefined ? { data: '', offset: startAt } : readFrom(path, 0);
  const initial = parse(data);
  if (!options.follow) initial.push(...joiner.flush());
  for (const line of selectLines(initial, options)) yield line;
  if (!options.follow) return;
  for (let idle = 0; !options.signal?.aborted; ) {
    const running = isRunning();
    ({ data, offset } = readFrom(path, offset));
    for (const line of parse(data)) if (!options.since || line.time >= options.since) yield line;
    if (data === '') idle++;
    else idle = 0;
    // after the container stopped, one more empty read means the shim has drained everything
    if (!running && idle > 1) {
      yield* joiner.flush();
      return;
    }
    await sleep(running ? 50 : 20);
  }
}
