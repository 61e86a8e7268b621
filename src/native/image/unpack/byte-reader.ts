/**
 * Pull-style reading of exact byte counts from a chunk stream, for the tar reader.
 * Bodies are handed out as the chunks that arrive (sliced, never concatenated), so a
 * large file is never held in memory; each is valid until the next is asked for.
 */
export class ByteReader {
  private readonly it: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private done = false;

  constructor(source: AsyncIterable<Buffer | Uint8Array>) {
    const inner = source[Symbol.asyncIterator]();
    this.it = {
      next: async () => {
        const r = await inner.next();
        return r.done ? r : { done: false, value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value) };
      },
      return: async () => (inner.return ? ((await inner.return()) as IteratorResult<Buffer>) : { done: true, value: undefined }),
    };
  }

  private async fill(): Promise<boolean> {
    while (!this.pending || this.pending.length === 0) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      this.pending = r.value;
    }
    return true;
  }

  /**
   * exactly n bytes, or fewer only at the end of the stream. Always a copy: the source
   * may reuse a chunk's memory once the next one is asked for (reusing-gunzip.ts does),
   * and headers and PAX records are kept past that.
   */
  async read(n: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(n);
    let have = 0;
    while (have < n && (await this.fill())) {
      const p = this.pending as Buffer;
      const take = Math.min(n - have, p.length);
      p.copy(out, have, 0, take);
      this.pending = p.subarray(take);
      have += take;
    }
    return have === n ? out : out.subarray(0, have);
  }

  /**
   * the next `unread.left` bytes as they arrive; throws if the stream ends first. The count
   * goes down as they are handed out, so after a consumer stops early it is what to skip.
   */
  async *chunks(unread: { left: number }): AsyncGenerator<Buffer> {
    while (unread.left > 0) {
      if (!(await this.fill())) throw new Error(`unexpected end of archive (${unread.left} bytes missing)`);
      const p = this.pending as Buffer;
      const take = Math.min(unread.left, p.length);
      unread.left -= take;
      this.pending = p.subarray(take);
      yield p.subarray(0, take);
    }
  }

  /** skips n bytes; throws if the stream ends first */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill())) throw new Error(`unexpected end of archive (${left} bytes missing)`);
      const p = this.pending as Buffer;
      const take = Math.min(left, p.length);
      left -= take;
      this.pending = p.subarray(take);
    }
  }

  /** drains the rest of the source, so a hash or file writer upstream sees every byte */
  async drain(): Promise<void> {
    while (await this.fill()) this.pending = undefined;
  }

  async close(): Promise<void> {
    if (!this.done) await this.it.return?.();
  }
}
