/**
 * The framing of a gzip member (RFC 1952) around its deflate data: the header before it
 * and the 8-byte trailer after it. reusing-gunzip.ts inflates the deflate data raw and
 * steps over these itself, so zlib does not compute the member's CRC-32: a layer's diff id
 * (sha256 of the whole tar) already checks every byte, and on the pulling thread the
 * CRC was ~4% of a pull's CPU.
 */

export const GZIP_TRAILER_BYTES = 8;
/** far beyond any real header (names and comments of a few bytes); a bound on what is buffered */
export const GZIP_HEADER_MAX = 1 << 20;

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** an error as zlib reports it, so callers handle both alike */
export function zlibError(message: string, code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR'): Error {
  return Object.assign(new Error(message), { errno: code === 'Z_DATA_ERROR' ? -3 : -5, code });
}

function zeroAfter(b: Uint8Array, from: number): number | undefined {
  const at = b.indexOf(0, from);
  return at === -1 ? undefined : at + 1;
}

/**
 * The length of the gzip header at the start of `b`, or undefined when `b` ends before
 * the header does. Throws Z_DATA_ERROR for bytes that are not a gzip header.
 */
export function gzipHeaderLength(b: Uint8Array): number | undefined {
  if (b.length >= 1 && b[0] !== 0x1f) throw zlibError('incorrect header check', 'Z_DATA_ERROR');
  if (b.length >= 2 && b[1] !== 0x8b) throw zlibError('incorrect header check', 'Z_DATA_ERROR');
  if (b.length >= 3 && b[2] !== 8) throw zlibError('unknown compression method', 'Z_DATA_ERROR');
  if (b.length < 10) return undefined;
  const flags = b[3] as number;
  if (flags & FRESERVED) throw zlibError('unknown header flags set', 'Z_DATA_ERROR');
  let at: number | undefined = 10;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return undefined;
    at += 2 + ((b[at] as number) | ((b[at + 1] as number) << 8));
  }
  // the name and the comment each end at a zero byte
  for (const field of [FNAME, FCOMMENT]) {
    if (!(flags & field)) continue;
    at = at < b.length ? zeroAfter(b, at) : undefined;
    if (at === undefined) return undefined;
  }
  if (flags & FHCRC) at += 2;
  return at <= b.length ? at : undefined;
}
