/**
 * Attaching to a container's main process (`run`): the container's init listens on
 * `<dir>/attach.sock` when the container has a terminal or stdin. A client that connects
 * before start (between the shim's `created` and `start`) is accepted before the process is
 * exec'd, so it misses no output and its window size is the terminal's size from the start.
 */
import { closeSync, openSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Stdio } from '../../runtime/runtime.js';
import { RuntimeError } from '../../errors.js';
import { terminalSize } from '../../runtime/terminal.js';
import { resizeFrame } from './attach-frames.js';
import { startSession, type Session } from './terminal-session.js';

/** sun_path holds 108 bytes; deeper state dirs are reached through /proc/self/fd */
const SUN_PATH_MAX = 107;

function connectPath(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ path });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

export async function connectAttachSocket(dir: string): Promise<Socket> {
  const path = join(dir, 'attach.sock');
  try {
    if (Buffer.byteLength(path) <= SUN_PATH_MAX) return await connectPath(path);
    const fd = openSync(dir, 'r');
    try {
      return await connectPath(`/proc/self/fd/${fd}/attach.sock`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw new RuntimeError(`attach to ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export interface AttachRequest {
  readonly stdio: Stdio;
  readonly tty: boolean;
  readonly input: boolean;
}

/** connects and sends the window size; resolves once that is written, so `start` may follow */
export async function attachSession(dir: string, req: AttachRequest): Promise<Session> {
  const socket = await connectAttachSocket(dir);
  const size = req.tty ? terminalSize(req.stdio.stdout) : undefined;
  if (size) await new Promise<void>((resolve) => socket.write(resizeFrame(size.rows, size.cols), () => resolve()));
  return startSession(socket, socket, req);
}
