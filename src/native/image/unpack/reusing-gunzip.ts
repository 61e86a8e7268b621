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
 * It drives the zlib handle of a Gunzip stream directly: `_handle.writeSync` and
 * `_writeState`, the interface Node's own *Sync functions use, which Node keeps for npm
 * packages (minizlib) that rely on it. When a Node lacks it, `rawGunzip` returns
 * undefined and callers use the stream.
 */
import { constants, createGunzip, type Gunzip } from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
}

/** one zlib call at a time, into memory the caller chooses */
export interface RawGunzip {
  /**
   * Runs zlib once on input[inOff..] into out[0..]; `consumed` and `produced` then tell
   * what it did. Output that filled `out` means zlib may hold more: call again. Throws
   * zlib's error (code Z_DATA_ERROR, Z_BUF_ERROR...) for data that is not gzip or, with
   * `finish`, ends early.
   */
  run(input: Uint8Array, inOff: number, out: Uint8Array, finish: boolean): void;
  readonly consumed: number;
  readonly produced: number;
  close(): void;
}

export function rawGunzip(): RawGunzip | undefined {
  // the stream's own output buffer is never used: keep it small
  const stream = createGunzip({ chunkSize: constants.Z_MIN_CHUNK }) as Gunzip & { _handle?: ZlibHandle; _writeState?: unknown };
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || typeof handle.onerror !== 'function' || !(state instanceof Uint32Array)) {
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
  const raw = {
    consumed: 0,
    produced: 0,
    run(input: Uint8Array, inOff: number, out: Uint8Array, finish: boolean): void {
      if (failure) throw failure;
      const inLen = input.length - inOff;
      handle.writeSync(finish ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, inOff, inLen, out, 0, out.length);
      if (failure) throw failure;
      raw.produced = out.length - (state[0] as number);
      raw.consumed = inLen - (state[1] as number);
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
