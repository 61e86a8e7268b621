/**
 * Messages to and from the hashing thread. `s` names a stream (one digest); an update
 * is a view of shared memory (`b` the SharedArrayBuffer, `o` and `n` offset and length)
 * with a sequence number `q`, answered once hashed, after which the memory may change.
 */
export type ToHasher =
  | { readonly t: 'u'; readonly s: number; readonly q: number; readonly b: SharedArrayBuffer; readonly o: number; readonly n: number }
  /** the digest, which also ends the stream */
  | { readonly t: 'd'; readonly s: number };

export type FromHasher = { readonly t: 'u'; readonly s: number; readonly q: number } | { readonly t: 'd'; readonly s: number; readonly hex: string };
