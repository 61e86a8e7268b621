/**
 * ustar/GNU/PAX header decoding: only what image layers use. PAX records override
 * header fields (long names, sizes, owners, times) and carry xattrs as SCHILY.xattr.*.
 */
export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

export interface TarHeader {
  name: string;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  xattrs: Record<string, Buffer>;
}

/** raw typeflag -> meaning; 'x', 'g', 'L', 'K' are meta entries handled by the reader */
export const TYPEFLAGS: Readonly<Record<string, TarEntryType>> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink',
  '3': 'char', '4': 'block', '5': 'directory', '6': 'fifo',
};

function cstring(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + len ? start + len : end);
}

function numeric(buf: Buffer, start: number, len: number): number {
  // GNU base-256 for values that do not fit in octal
  if ((buf[start] as number) & 0x80) {
    let v = 0;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + (buf[i] as number);
    return v;
  }
  const s = cstring(buf, start, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

const ZERO_BLOCK = Buffer.alloc(512);

// One native comparison rather than a loop: a loop that every real header leaves at its
// first byte is, for V8, code that only the end of an archive runs, and reaching it from
// code optimised without it made V8 throw that code away at the end of every layer.
export function isZeroBlock(block: Buffer): boolean {
  return ZERO_BLOCK.equals(block);
}

export function checksumOk(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  return sum === numeric(block, 148, 8);
}

export interface RawHeader {
  typeflag: string;
  header: TarHeader;
}

export function decodeHeader(block: Buffer): RawHeader {
  let name = cstring(block, 0, 100);
  const magic = block.toString('latin1', 257, 263);
  if (magic.startsWith('ustar')) {
    const prefix = cstring(block, 345, 155);
    if (prefix && magic === 'ustar\u000000') name = `${prefix}/${name}`;
  }
  const typeflag = String.fromCharCode(block[156] as number);
  return {
    typeflag,
    header: {
      name,
      type: TYPEFLAGS[typeflag] ?? 'file',
      mode: numeric(block, 100, 8) & 0o7777,
      uid: numeric(block, 108, 8),
      gid: numeric(block, 116, 8),
      size: numeric(block, 124, 12),
      mtime: numeric(block, 136, 12),
      linkname: cstring(block, 157, 100),
      devmajor: numeric(block, 329, 8),
      devminor: numeric(block, 337, 8),
      xattrs: {},
    },
  };
}

/** "len key=value\n" records */
export function parsePax(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = parseInt(data.toString('latin1', pos, space), 10);
    if (!Number.isFinite(len) || len <= 0) throw new Error('malformed pax header record');
    const record = data.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq > 0) out.set(record.toString('utf8', 0, eq), record.subarray(eq + 1));
    pos += len;
  }
  return out;
}

export function applyPax(h: TarHeader, pax: Map<string, Buffer>): void {
  for (const [key, value] of pax) {
    const s = value.toString('utf8');
    if (key === 'path') h.name = s;
    else if (key === 'linkpath') h.linkname = s;
    else if (key === 'size') h.size = Number(s);
    else if (key === 'uid') h.uid = Number(s);
    else if (key === 'gid') h.gid = Number(s);
    else if (key === 'mtime') h.mtime = Math.floor(Number(s));
    else if (key.startsWith('SCHILY.xattr.')) h.xattrs[key.slice(13)] = value;
  }
}
