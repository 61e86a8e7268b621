/**
 * Network reads arrive in pieces of 64 KB or less, and every piece crossed the whole
 * layer pipeline on its own: a blob write and a gunzip job on the thread pool (a round
 * trip each), two hash updates and several async hops. Joined into pieces of about
 * `size` bytes (one copy), the pipeline does the same work in a sixteenth of the steps.
 *
 * Joined pieces can be copied into buffers from a JoinPool instead of new ones. Fresh
 * memory is expensive: the first touch of each page is a page fault (on the CI machine,
 * a virtual machine, ~1.5 ms per MB, more than hashing it), and buffers freed only at
 * the next garbage collection are rarely the ones malloc hands out next. A consumer that
 * knows when every reader of a piece is done with it gives it back for reuse.
 *
 * Pool buffers are page-aligned (they are slices of WebAssembly memories, which V8 maps
 * page-aligned; Node has no other way to ask for alignment), so a blob writer can hand
 * them to O_DIRECT writes. The memories are shared (SharedArrayBuffer), so the hashing
 * thread (off-thread-hash.ts) reads a piece without a copy.
 */
export const PAGE = 4096;

export class JoinPool {
  private readonly free: Buffer[] = [];
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private made = 0;

  /** `size`: a multiple of 64 KB (the WebAssembly page); `slab`: buffers allocated at once */
  constructor(readonly size = 1 << 20, private readonly slab = 4) {
    if (size % 65536 !== 0) throw new Error(`join pool: ${size} is not a multiple of 64 KB`);
  }

  take(): Buffer {
    const b = this.free.pop();
    if (b) return b;
    // every buffer handed out comes back unless its layer failed, so the pool only
    // grows to the most pieces in flight at once
    // shared, so the hashing thread (off-thread-hash.ts) reads pieces where they lie
    const pages = (this.size * this.slab) / 65536;
    const buffer = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer;
    this.made += this.slab;
    this.owned.add(buffer);
    for (let i = 1; i < this.slab; i++) this.free.push(Buffer.from(buffer, i * this.size, this.size));
    return Buffer.from(buffer, 0, this.size);
  }

  /** whether `piece` lies in this pool's memory, and so starts page-aligned */
  owns(piece: Buffer): boolean {
    return this.owned.has(piece.buffer) && piece.byteOffset % PAGE === 0;
  }

  /** takes back a piece made from this pool (a full piece, or a view from its start); anything else is ignored */
  give(piece: Buffer): void {
    if (this.owns(piece) && piece.byteOffset % this.size === 0) this.free.push(Buffer.from(piece.buffer, piece.byteOffset, this.size));
  }

  /** buffers waiting for reuse (for tests) */
  get idle(): number {
    return this.free.length;
  }

  /** buffers handed out and not given back (for tests) */
  get outstanding(): number {
    return this.made - this.free.length;
  }
}

export async function* coalesce(source: AsyncIterable<Buffer>, size = 1 << 20, pool?: JoinPool): AsyncGenerator<Buffer> {
  if (pool && pool.size !== size) throw new Error(`coalesce: pool buffers are ${pool.size} bytes, pieces ${size}`);
  let parts: Buffer[] = [];
  let have = 0;
  let target: Buffer | undefined;
  for await (const chunk of source) {
    // a chunk already a piece passes as it is (from the pool, when there is one)
    if (have === 0 && chunk.length >= size && (!pool || pool.owns(chunk))) {
      yield chunk;
      continue;
    }
    if (pool) {
      // copy into the pool buffer, splitting a chunk that crosses the piece boundary
      for (let off = 0; off < chunk.length; ) {
        target ??= pool.take();
        const n = chunk.copy(target, have, off);
        off += n;
        have += n;
        if (have === size) {
          yield target;
          target = undefined;
          have = 0;
        }
      }
      // a pool piece copied from (a download's last, short piece) is done with
      pool.give(chunk);
      continue;
    }
    parts.push(chunk);
    have += chunk.length;
    if (have >= size) {
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, have);
      parts = [];
      have = 0;
    }
  }
  if (have > 0) {
    if (target) yield target.subarray(0, have);
    else yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, have);
  }
}
