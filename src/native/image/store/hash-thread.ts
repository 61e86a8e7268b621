/**
 * The hashing thread of a pull (off-thread-hash.ts starts it). It only runs sha256 over
 * views of shared memory and answers how far it got; it loads nothing but two of Node's
 * modules, so it starts in a few milliseconds.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { FromHasher, ToHasher } from './hash-protocol.js';

const port = parentPort;
if (!port) throw new Error('hash-thread: not started as a worker thread');
const hashes = new Map<number, Hash>();

port.on('message', (m: ToHasher) => {
  let h = hashes.get(m.s);
  if (!h) hashes.set(m.s, (h = createHash('sha256')));
  if (m.t === 'u') {
    h.update(new Uint8Array(m.b, m.o, m.n));
    port.postMessage({ t: 'u', s: m.s, q: m.q } satisfies FromHasher);
  } else {
    hashes.delete(m.s);
    port.postMessage({ t: 'd', s: m.s, hex: h.digest('hex') } satisfies FromHasher);
  }
});
