/** Parsers for the cgroup statistics files `compose stats` reads (pure: text in, numbers out). */

/** `memory.stat`: "key value" per line */
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

export interface BlockIo {
  readonly read: number;
  readonly write: number;
}

/** v1 `blkio.throttle.io_service_bytes_recursive`: "8:0 Read 4096" per device and op, then "Total n" */
export function parseBlkioServiceBytes(text: string): BlockIo {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const [device, op, value] = line.trim().split(/\s+/);
    if (!device?.includes(':') || value === undefined) continue;
    if (op === 'Read') read += Number(value) || 0;
    else if (op === 'Write') write += Number(value) || 0;
  }
  return { read, write };
}

/** v2 `io.stat`: "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0" per device */
export function parseIoStat(text: string): BlockIo {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    for (const field of line.trim().split(/\s+/).slice(1)) {
      const [key, value] = field.split('=');
      if (key === 'rbytes') read += Number(value) || 0;
      else if (key === 'wbytes') write += Number(value) || 0;
    }
  }
  return { read, write };
}
