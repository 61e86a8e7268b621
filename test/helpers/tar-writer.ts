/**
 * A small tar writer for building test layers, including hostile ones: names are
 * written exactly as given (PAX records for long names and xattrs).
 */
import { gzipSync } from 'node:zlib';

export interface TarSpec {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'fifo';
  readonly data?: string | Buffer;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtime?: number;
  readonly linkname?: string;
  readonly devmajor?: number;
  readonly devminor?: number;
  readonly xattrs?: Readonly<Record<string, string | Buffer>>;
}

const FLAG = { file: '0', hardlink: '1', symlink: '2', char: '3', directory: '5', fifo: '6' } as const;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, flag: string, size: number, s: TarSpec): Buffer {
  const b = Buffer.alloc(512);
  b.write(name.slice(0, 100), 0, 'utf8');
  b.write(octal(s.mode ?? (flag === '5' ? 0o755 : 0o644), 8), 100, 'latin1');
  b.write(octal(s.uid ?? 0, 8), 108, 'latin1');
  b.write(octal(s.gid ?? 0, 8), 116, 'latin1');
  b.write(octal(size, 12), 124, 'latin1');
  b.write(octal(s.mtime ?? 1_700_000_000, 12), 136, 'latin1');
  b.write('        ', 148, 'latin1');
  b.write(flag, 156, 'latin1');
  b.write((s.linkname ?? '').slice(0, 100), 157, 'utf8');
  b.write('ustar\u000000', 257, 'latin1');
  b.write(octal(s.devmajor ?? 0, 8), 329, 'latin1');
  b.write(octal(s.devminor ?? 0, 8), 337, 'latin1');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(octal(sum, 7) + ' ', 148, 'latin1');
  return b;
}

function pad(buf: Buffer): Buffer[] {
  const rest = (512 - (buf.length % 512)) % 512;
  return rest ? [buf, Buffer.alloc(rest)] : [buf];
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

/** one entry with any typeflag, meta entries ('x', 'g', 'L', 'K') included, its data padded */
export function rawEntry(name: string, flag: string, data: string | Buffer = '', s: Partial<TarSpec> = {}): Buffer {
  const body = Buffer.from(data);
  return Buffer.concat([header(name, flag, body.length, { name, ...s }), ...pad(body)]);
}

/** a PAX extended header's data: its records, in order */
export function paxData(records: Readonly<Record<string, string>>): Buffer {
  return Buffer.concat(Object.entries(records).map(([k, v]) => paxRecord(k, Buffer.from(v))));
}

export function tarBuffer(entries: readonly TarSpec[]): Buffer {
  const out: Buffer[] = [];
  for (const s of entries) {
    const type = s.type ?? 'file';
    const data = type === 'file' ? Buffer.from(s.data ?? '') : Buffer.alloc(0);
    const records: Buffer[] = [];
    if (Buffer.byteLength(s.name) > 100) records.push(paxRecord('path', Buffer.from(s.name)));
    if (s.linkname && Buffer.byteLength(s.linkname) > 100) records.push(paxRecord('linkpath', Buffer.from(s.linkname)));
    for (const [k, v] of Object.entries(s.xattrs ?? {})) records.push(paxRecord(`SCHILY.xattr.${k}`, Buffer.from(v)));
    if (records.length) {
      const pax = Buffer.concat(records);
      out.push(header('PaxHeader', 'x', pax.length, { name: 'PaxHeader' }), ...pad(pax));
    }
    out.push(header(s.name, FLAG[type], data.length, s), ...pad(data));
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

export function tarGz(entries: readonly TarSpec[]): Buffer {
  return gzipSync(tarBuffer(entries), { level: 1 });
}
