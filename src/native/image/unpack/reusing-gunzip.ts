/**
 * gunzip into memory the caller chooses and reuses, synchronously.
 *
 * zlib's stream API hands every piece of output out in a buffer of its own, and on the
 * machines a pull runs on that fresh memory is costly: the first touch of each page is a
 * fault (~1.5 ms per MB on the CI machine, a virtual machine, about what gunzip itself
 * costs). A layer's tar is read strictly in order, and each piece is done with before
 * the next is asked for, so a few buffers serve a whole layer (store/ingest-layer.ts).
 * Synchronous, because the work is CPU-bound and the thread pool round trip per piece
 * cost more than it saved.
 *
 * It drives the zlib handle of an InflateRaw stream directly: `_handle.writeSync`,
 * `_handle.reset` and `_writeState`, the interface Node's own *Sync functions use, which
 * Node keeps for npm packages (minizlib) that rely on it. When a Node lacks it,
 * `rawGunzip` returns undefined and callers use the stream. Raw, because the gzip framing
 * is read here (gzip-member.ts): zlib then skips the CRC-32, which the callers do not
 * need (they hash what comes out). Members follow each other as `gunzip -c` and Node's
 * Gunzip read them: a zero byte after a member ends the data (padding), anything but
 * another member's header is an error.
 */
import { constants, createInflateRaw, type InflateRaw } from 'node:zlib';
import { GZIP_HEADER_MAX, GZIP_TRAILER_BYTES, gzipHeaderLength, zlibError } from './gzip-member.js';

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  reset(): void;
  onerror: (message: string, errno: number, code: string) => void;
}

/** one zlib call at a time, into memory the caller chooses */
export interface RawGunzip {
  /**
   * Runs on input[inOff..] into out[0..]; `consumed` and `produced` then tell what it
   * did. Output that filled `out` means more may be pending: call again; otherwise all
   * of the input was consumed. Throws zlib's error codes: Z_DATA_ERROR for data that is
   * not gzip, Z_BUF_ERROR when, with `finish`, the data ends early.
   */
  run(input: Uint8Array, inOff: number, out: Uint8Array, finish: boolean): void;
  readonly consumed: number;
  readonly produced: number;
  close(): void;
}

type Part = 'header' | 'body' | 'trailer' | 'between' | 'padding';

export function rawGunzip(): RawGunzip | undefined {
  // the stream's own output buffer is never used: keep it small
  const stream = createInflateRaw({ chunkSize: constants.Z_MIN_CHUNK }) as InflateRaw & { _handle?: ZlibHandle; _writeState?: unknown };
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || typeof handle.onerror !== 'function' || !(state instanceof Uint32Array)) {
    stream.destroy();
    return undefined;
  }
  // zlib reports errors through onerror, which destroys the stream; keep the error to throw it
  let failure: Error | undefined;
  const streamOnError = handle.onerror;
  handle.onerror = function (this: ZlibHandle, message, errno, code) {
    failure = Object.assign(new Error(message), { errno, code });
    streamOnError.call(this, message, errno, code);
  };
  stream.on('error', () => undefined);

  let part: Part = 'header';
  /** header bytes seen so far, when a header spans inputs */
  let headerSoFar: Buffer | undefined;
  let trailerLeft = GZIP_TRAILER_BYTES;

  /** steps over header bytes at input[off..]; returns how many it took */
  const header = (input: Uint8Array, off: number): number => {
    const seen = headerSoFar?.length ?? 0;
    const bytes = headerSoFar ? Buffer.concat([headerSoFar, input.subarray(off, off + GZIP_HEADER_MAX)]) : input.subarray(off);
    const length = gzipHeaderLength(bytes);
    if (length === undefined) {
      if (bytes.length >= GZIP_HEADER_MAX) throw zlibError('gzip header too long', 'Z_DATA_ERROR');
      headerSoFar = Buffer.from(bytes);
      return input.length - off;
    }
    headerSoFar = undefined;
    part = 'body';
    return length - seen;
  };

  const raw = {
    consumed: 0,
    produced: 0,
    run(input: Uint8Array, inOff: number, out: Uint8Array, finish: boolean): void {
      if (failure) throw failure;
      let off = inOff;
      let outOff = 0;
      while (outOff < out.length) {
        if (part === 'body') {
          const inLen = input.length - off;
          const outLen = out.length - outOff;
          const last = finish && inLen === 0;
          handle.writeSync(last ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, off, inLen, out, outOff, outLen);
          if (failure) throw failure;
          off += inLen - (state[1] as number);
          outOff += outLen - (state[0] as number);
          // input left over while there was room for output: the member's deflate data ended
          if ((state[1] as number) > 0 && (state[0] as number) > 0) part = 'trailer';
          // a full buffer: zlib may hold more output (the rest of a match) whatever the input
          else if ((state[0] as number) === 0) continue;
          else if (last) {
            // zlib accepted Z_FINISH without an error, so the deflate data is complete; the trailer is not
            throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
          } else if (off === input.length && !finish) break;
          continue;
        }
        if (off === input.length) {
          if (finish && part !== 'between' && part !== 'padding') throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
          break;
        }
        if (part === 'header') off += header(input, off);
        else if (part === 'trailer') {
          const n = Math.min(trailerLeft, input.length - off);
          off += n;
          trailerLeft -= n;
          if (trailerLeft === 0) part = 'between';
        } else if (part === 'between') {
          if (input[off] === 0) part = 'padding';
          else {
            handle.reset();
            trailerLeft = GZIP_TRAILER_BYTES;
            part = 'header';
          }
        } else off = input.length;
      }
      raw.consumed = off - inOff;
      raw.produced = outOff;
    },
    close(): void {
      stream.close();
    },
  };
  return raw;
}

let reusable: boolean | undefined;

/** whether this Node's zlib offers what rawGunzip needs (probed once) */
export function canReuseGunzip(): boolean {
  if (reusable === undefined) {
    const g = rawGunzip();
    reusable = g !== undefined;
    g?.close();
  }
  return reusable;
}
