/**
 * gunzip into one reused output buffer, synchronously.
 *
 * zlib's stream API hands every piece of output out in a buffer of its own, and on the
 * machines a pull runs on that fresh memory is costly: the first touch of each page is a
 * fault (~1.5 ms per MB on the CI machine, a virtual machine, about what gunzip itself
 * costs). A layer's tar is read strictly in order, and each piece is done with before
 * the next is asked for, so one buffer serves a whole layer. Synchronous, because the
 * work is CPU-bound and the thread pool round trip per piece cost more than it saved.
 *
 * It drives the zlib handle of a Gunzip stream directly: `_handle.writeSync` and
 * `_writeState`, the interface Node's own *Sync functions use, which Node keeps for npm
 * packages (minizlib) that rely on it. When a Node lacks it, `reusingGunzip` returns
 * undefined and callers use the stream.
 */
import { constants, createGunzip, type Gunzip } from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
}

export interface ReusingGunzip {
  /**
   * Decompresses `input` (the final call with `finish`); yields views of the one output
   * buffer, each valid only until the next is asked for. Throws zlib's error (code
   * Z_DATA_ERROR, Z_BUF_ERROR...) for data that is not gzip or ends early.
   */
  write(input: Uint8Array, finish?: boolean): Generator<Buffer, void, void>;
  /** bytes of input consumed so far */
  readonly bytesIn: number;
  close(): void;
}

export function reusingGunzip(outSize = 1 << 20): ReusingGunzip | undefined {
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
  const out = Buffer.allocUnsafe(outSize);
  let bytesIn = 0;
  return {
    get bytesIn() {
      return bytesIn;
    },
    *write(input, finish = false) {
      const flush = finish ? constants.Z_FINISH : constants.Z_NO_FLUSH;
      let inOff = 0;
      for (;;) {
        if (failure) throw failure;
        const inLen = input.length - inOff;
        handle.writeSync(flush, input, inOff, inLen, out, 0, outSize);
        if (failure) throw failure;
        const availOut = state[0] as number;
        const availIn = state[1] as number;
        inOff += inLen - availIn;
        bytesIn += inLen - availIn;
        const have = outSize - availOut;
        if (have > 0) yield out.subarray(0, have);
        // a full output buffer means zlib may hold more: go again
        if (availOut !== 0) return;
      }
    },
    close() {
      stream.close();
    },
  };
}

let reusable: boolean | undefined;

/** whether this Node's zlib offers what reusingGunzip needs (probed once) */
export function canReuseGunzip(): boolean {
  if (reusable === undefined) {
    const g = reusingGunzip(64);
    reusable = g !== undefined;
    g?.close();
  }
  return reusable;
}
