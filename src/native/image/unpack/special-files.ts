/**
 * Device nodes and FIFOs: Node cannot mknod, so these go through the `mknod` command.
 * Layers rarely contain them, except whiteouts, which are made by hard-linking one
 * prototype 0:0 character device instead (overlayfs itself shares whiteouts this way),
 * so a layer with thousands of whiteouts costs no process per whiteout.
 */
import { execFile } from 'node:child_process';
import { link, lstat, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { RuntimeError } from '../../../errors.js';

const run = promisify(execFile);

export async function mknod(path: string, kind: 'char' | 'block' | 'fifo', major = 0, minor = 0): Promise<void> {
  const args = kind === 'fifo' ? [path, 'p'] : [path, kind === 'char' ? 'c' : 'b', String(major), String(minor)];
  try {
    await run('mknod', args);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new RuntimeError(`creating ${kind} device ${path}: ${stderr || (err as Error).message}`, { cause: err });
  }
}

/** a 0:0 character device at `path`, created once and reused */
export async function ensureWhiteoutPrototype(path: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (st?.isCharacterDevice() && st.rdev === 0) return;
  if (st) await rm(path, { force: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await mknod(tmp, 'char', 0, 0);
  const { rename } = await import('node:fs/promises');
  await rename(tmp, path);
}

export class WhiteoutMaker {
  private generation = 0;
  constructor(private readonly prototype: string) {}

  async make(path: string): Promise<void> {
    const proto = this.generation === 0 ? this.prototype : `${this.prototype}.${this.generation}`;
    try {
      await link(proto, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && this.generation === 0) {
        await ensureWhiteoutPrototype(this.prototype);
        return this.make(path);
      }
      // a filesystem's hard link limit (65000 on ext4): start another prototype
      if (code === 'EMLINK') {
        this.generation++;
        await ensureWhiteoutPrototype(`${this.prototype}.${this.generation}`);
        return this.make(path);
      }
      throw err;
    }
  }
}
