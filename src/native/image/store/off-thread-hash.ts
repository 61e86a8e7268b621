/**
 * sha256 on another thread, over pieces of shared memory.
 *
 * Why: a pull runs on one busy thread (its event loop is busy ~95% of the time), and the
 * two sha256 passes over every layer (the blob digest and the diff id) were over a
 * quarter of that thread's work, while the second core was mostly idle. Hashing needs no
 * file system and no event loop, so it moves to a thread of its own: the pieces are
 * already in shared memory (the pull's piece pool), so nothing is copied, and a piece is
 * reused only once its hash has been updated.
 *
 * One thread per process, started by the first stream and kept, unref'ed while no
 * stream is open. Streams whose pieces are not shared memory hash here (OffThreadHash
 * falls back per stream, at its first update).
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { RuntimeError } from '../../../errors.js';
import type { FromHasher, ToHasher } from './hash-protocol.js';

interface Stream {
  readonly waiting: Map<number, () => void>;
  digest?: (hex: string) => void;
  fail?: (err: Error) => void;
}

class HashThread {
  private readonly streams = new Map<number, Stream>();
  private next = 0;
  private readonly thread: Worker;
  failure: Error | undefined;

  constructor() {
    // tsc's output next to this module; the bundled CLI ships it too (dist/src)
    // no execArgv: the CLI's own flags (heap sizes, --input-type...) mean nothing to it
    this.thread = new Worker(new URL('./hash-thread.js', import.meta.url), { execArgv: [] });
    this.thread.unref();
    this.thread.on('message', (m: FromHasher) => {
      const s = this.streams.get(m.s);
      if (!s) return;
      if (m.t === 'u') {
        const done = s.waiting.get(m.q);
        s.waiting.delete(m.q);
        done?.();
      } else {
        this.close(m.s);
        s.digest?.(m.hex);
      }
    });
    const broken = (err: Error): void => {
      this.failure = err;
      // nothing reads the pieces any more; digests are asked for through `failure`
      for (const s of this.streams.values()) {
        for (const done of s.waiting.values()) done();
        s.fail?.(err);
      }
      for (const id of [...this.streams.keys()]) this.close(id);
    };
    this.thread.on('error', (err) => broken(new RuntimeError(`hash thread: ${err.message}`, { cause: err })));
    this.thread.on('exit', (code) => broken(new RuntimeError(`hash thread exited (code ${code})`)));
  }

  open(): [number, Stream] {
    const id = this.next++;
    const s: Stream = { waiting: new Map() };
    if (this.streams.size === 0) this.thread.ref();
    this.streams.set(id, s);
    return [id, s];
  }

  close(id: number): void {
    if (this.streams.delete(id) && this.streams.size === 0) this.thread.unref();
  }

  send(m: ToHasher): void {
    this.thread.postMessage(m);
  }
}

let shared: HashThread | undefined;

export class OffThreadHash {
  private t: HashThread | undefined;
  private id = -1;
  private stream: Stream | undefined;
  private local: Hash | undefined;
  private seq = 0;
  private result: Promise<string> | undefined;

  /** where this stream is hashed, once its first piece decided it (for tests) */
  get where(): 'thread' | 'here' | undefined {
    return this.stream ? 'thread' : this.local ? 'here' : undefined;
  }

  /**
   * Hashes `piece`; `done` runs once the piece's memory may change again (at once when it
   * is hashed here). Pieces are hashed in the order given.
   */
  update(piece: Buffer, done: () => void): void {
    if (this.result) throw new Error('hash: update after digest');
    if (!this.stream && !this.local) {
      if (piece.buffer instanceof SharedArrayBuffer) {
        if (!shared || shared.failure) shared = new HashThread();
        this.t = shared;
        [this.id, this.stream] = shared.open();
      } else this.local = createHash('sha256');
    }
    if (this.local) {
      this.local.update(piece);
      return done();
    }
    const t = this.t as HashThread;
    if (t.failure) return done();
    if (!(piece.buffer instanceof SharedArrayBuffer)) throw new Error('hash: a stream on the hash thread takes shared memory only');
    const q = this.seq++;
    (this.stream as Stream).waiting.set(q, done);
    t.send({ t: 'u', s: this.id, q, b: piece.buffer, o: piece.byteOffset, n: piece.length });
  }

  /**
   * Ends the stream, whether or not its digest is wanted (a failed layer): the thread
   * forgets it once every piece sent is hashed, and those pieces still come back.
   */
  end(): void {
    this.digest().catch(() => undefined);
  }

  /** "sha256:<hex>" of everything given; rejects if the thread failed */
  digest(): Promise<string> {
    this.result ??= this.finish();
    return this.result;
  }

  private async finish(): Promise<string> {
    if (!this.stream) return `sha256:${(this.local ?? createHash('sha256')).digest('hex')}`;
    const t = this.t as HashThread;
    if (t.failure) throw t.failure;
    const stream = this.stream;
    const hex = await new Promise<string>((resolve, reject) => {
      stream.digest = resolve;
      stream.fail = reject;
      t.send({ t: 'd', s: this.id });
    });
    return `sha256:${hex}`;
  }
}
