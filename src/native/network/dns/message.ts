/**
 * DNS wire format, just what the resolver needs (RFC 1035): read the question of a query and
 * write an answer with A records. Everything else is forwarded untouched, so no general
 * record parsing is needed.
 */

export const TYPE = { A: 1, AAAA: 28, ANY: 255 } as const;
export const RCODE = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3 } as const;

export interface Question {
  readonly id: number;
  /** lower case, no trailing dot */
  readonly name: string;
  readonly type: number;
  readonly klass: number;
  /** flags word of the query: opcode and RD are echoed */
  readonly flags: number;
  /** byte offset just after the question, where answers start in a reply */
  readonly end: number;
}

/** Reads the first question, or undefined when the message is not a well-formed query. */
export function parseQuery(msg: Buffer): Question | undefined {
  if (msg.length < 12) return undefined;
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let off = 12;
  for (;;) {
    const len = msg[off];
    if (len === undefined || len & 0xc0) return undefined; // no compression in a query's first name
    off += 1;
    if (len === 0) break;
    if (off + len > msg.length) return undefined;
    labels.push(msg.toString('latin1', off, off + len));
    off += len;
  }
  if (off + 4 > msg.length) return undefined;
  return {
    id: msg.readUInt16BE(0),
    name: labels.join('.').toLowerCase(),
    type: msg.readUInt16BE(off),
    klass: msg.readUInt16BE(off + 2),
    flags,
    end: off + 4,
  };
}

function ipBytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/**
 * A reply that repeats the question and carries the given A records. An empty list with
 * noError is NODATA: the name exists but has no record of that type (how AAAA is answered
 * for project names, so resolvers do not go on to ask the host about them).
 */
export function buildReply(query: Buffer, q: Question, rcode: number, addresses: readonly string[], ttl = 0): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  // QR, opcode and RD from the query, AA, RA
  header.writeUInt16BE(0x8000 | (q.flags & 0x7900) | 0x0400 | 0x0080 | (rcode & 0xf), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const question = query.subarray(12, q.end);
  const answers = addresses.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
    rr.writeUInt16BE(TYPE.A, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(ttl, 6);
    rr.writeUInt16BE(4, 10);
    Buffer.from(ipBytes(ip)).copy(rr, 12);
    return rr;
  });
  return Buffer.concat([header, question, ...answers]);
}

/** A bare error reply for a message we cannot read; needs only the id. */
export function buildError(query: Buffer, rcode: number): Buffer {
  const header = Buffer.alloc(12);
  if (query.length >= 2) query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8000 | 0x0080 | (rcode & 0xf), 2);
  return header;
}

/** Builds a query; used by the forwarder's tests and the health check. */
export function buildQuery(id: number, name: string, type: number): Buffer {
  const parts = name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2);
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3);
  return Buffer.concat([header, ...parts, tail]);
}

/** The A addresses of a reply built by buildReply (fixed layout: pointer names, 16-byte records). */
export function readAnswers(reply: Buffer, q: Question): { rcode: number; addresses: string[] } {
  const rcode = reply.readUInt16BE(2) & 0xf;
  const count = reply.readUInt16BE(6);
  const addresses: string[] = [];
  let off = q.end;
  for (let i = 0; i < count && off + 16 <= reply.length; i++, off += 16) {
    if (reply.readUInt16BE(off + 2) === TYPE.A) addresses.push([...reply.subarray(off + 12, off + 16)].join('.'));
  }
  return { rcode, addresses };
}
