/**
 * What the CLI sends to a container's terminal or stdin (the attach socket, `berth-shim exec -t`):
 * frames of [type:1][length:2, big-endian][payload]. 'd' carries stdin bytes, 'w' a window size
 * (rows, cols as two big-endian 16-bit numbers), 'c' closes stdin. Output comes back raw.
 * The C side is src/native/shim/stdio-relay.c; FRAME_MAX matches its own.
 */
export const FRAME_MAX = 32768;

export type FrameType = 'd' | 'w' | 'c';

function frame(type: FrameType, payload: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head[0] = type.charCodeAt(0);
  head.writeUInt16BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** stdin bytes, split so that no frame is larger than the shim reads at once */
export function dataFrames(data: Buffer): Buffer {
  const out: Buffer[] = [];
  for (let o = 0; o < data.length; o += FRAME_MAX) out.push(frame('d', data.subarray(o, o + FRAME_MAX)));
  return Buffer.concat(out);
}

/** a terminal's size; 0 or an out-of-range value is clamped (the kernel takes 16 bits) */
export function resizeFrame(rows: number, cols: number): Buffer {
  const clamp = (n: number) => Math.max(0, Math.min(0xffff, Math.floor(Number.isFinite(n) ? n : 0)));
  const p = Buffer.alloc(4);
  p.writeUInt16BE(clamp(rows), 0);
  p.writeUInt16BE(clamp(cols), 2);
  return frame('w', p);
}

export function closeFrame(): Buffer {
  return frame('c', Buffer.alloc(0));
}

export interface DecodedFrame {
  readonly type: string;
  readonly payload: Buffer;
}

/** the inverse, for tests and tools: whole frames, and what is left of an unfinished one */
export function decodeFrames(buf: Buffer): { frames: DecodedFrame[]; rest: Buffer } {
  const frames: DecodedFrame[] = [];
  let o = 0;
  while (buf.length - o >= 3) {
    const n = buf.readUInt16BE(o + 1);
    if (buf.length - o < 3 + n) break;
    frames.push({ type: String.fromCharCode(buf[o] ?? 0), payload: buf.subarray(o + 3, o + 3 + n) });
    o += 3 + n;
  }
  return { frames, rest: buf.subarray(o) };
}
