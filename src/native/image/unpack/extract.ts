/**
 * Applies a layer's tar entries to an empty directory, in the form overlayfs reads:
 * `.wh.NAME` becomes a 0:0 character device NAME, `.wh..wh..opq` marks its directory
 * opaque with `trusted.overlay.opaque=y`. Owners, modes (setuid included), times,
 * xattrs, hard links and symlinks are kept.
 *
 * Safety: names are cleaned by safe-path; every parent directory is checked (lstat,
 * then remembered) to be a real directory created inside this layer, so a symlink
 * planted by an earlier entry is never followed; files are created with O_EXCL after
 * unlinking whatever was there; hard link targets must be inside this layer.
 *
 * The file system calls are synchronous on purpose: an async call is a round trip
 * through libuv's thread pool (queue, futex wake-up, context switches, callback,
 * microtasks), and a layer of thousands of small files paid four or more per file,
 * which cost more than the calls themselves. A sync call blocks the event loop for one
 * syscall; meanwhile other layers' bytes wait in socket buffers. Only big pieces of file
 * data go to the thread pool, where the kernel's copy into the page cache runs on the
 * other core while this thread hashes and parses.
 *
 * Creating inodes used to go to the thread pool too: ext4 could search its inode bitmap
 * at length for each one. Since the layer's work directory carries ext4's spreading hint
 * (store/spread-hint.ts) a create is cheap, and the pool's round trip was the larger cost:
 * with files created synchronously, bench/image-pull.mjs went from 1.36 to 1.24 s
 * (medians of 5 interleaved runs on the CI machine).
 */
import {
  chmodSync, chownSync, closeSync, constants, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lstatSync,
  lutimesSync, mkdirSync, openSync, rmSync, symlinkSync, unlinkSync, utimesSync, write, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEntryName, parentOf, baseOf, UnsafeEntryError } from './safe-path.js';
import { mknod, WhiteoutMaker } from './special-files.js';
import { applyXattrs, type XattrEntry } from './xattr-batch.js';
import type { TarEntry } from './tar-reader.js';
import type { TarHeader } from './tar-header.js';

export interface ExtractOptions {
  /** an existing, empty directory */
  readonly dir: string;
  /** path of a 0:0 character device on the same filesystem, hard-linked for whiteouts */
  readonly whiteoutPrototype: string;
  /** where the xattr restore file may be written */
  readonly scratchFile: string;
  /** chown entries to their recorded owners (root only) */
  readonly keepOwners: boolean;
}

export interface ExtractResult {
  readonly entries: number;
  readonly bytes: number;
}

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const ASYNC_WRITE_MIN = 64 * 1024;
const writeAsync = promisify(write);

async function writeAll(fd: number, chunk: Buffer): Promise<void> {
  for (let off = 0; off < chunk.length; ) {
    const n = chunk.length - off;
    off += n >= ASYNC_WRITE_MIN ? (await writeAsync(fd, chunk, off, n, null)).bytesWritten : writeSync(fd, chunk, off, n);
  }
}

interface DirMeta { mode: number; mtime: number }

export class LayerExtractor {
  private readonly realDirs = new Set<string>(['']);
  /**
   * Paths this extraction created. The directory starts empty, so a path not in here
   * cannot exist and the lstat looking for something to replace is skipped: most
   * entries are new files. (Were the directory not empty, O_EXCL and the parents'
   * lstat still refuse to follow anything found there.)
   */
  private readonly created = new Set<string>();
  private readonly umask = process.umask();
  private readonly uid = process.getuid?.() ?? 0;
  private readonly gid = process.getgid?.() ?? 0;
  private readonly dirMeta = new Map<string, DirMeta>();
  private readonly xattrs: XattrEntry[] = [];
  private readonly whiteouts: WhiteoutMaker;
  private entries = 0;
  private bytes = 0;

  constructor(private readonly opts: ExtractOptions) {
    this.whiteouts = new WhiteoutMaker(opts.whiteoutPrototype);
  }

  private abs(rel: string): string {
    return rel === '' ? this.opts.dir : join(this.opts.dir, rel);
  }

  /** makes sure every parent of `rel` is a real directory of this layer */
  private ensureParents(entry: string, rel: string): void {
    const parent = parentOf(rel);
    if (this.realDirs.has(parent)) return;
    this.ensureParents(entry, parent);
    const st = lstatSync(this.abs(parent), { throwIfNoEntry: false });
    if (!st) {
      mkdirSync(this.abs(parent), { mode: 0o755 });
      this.created.add(parent);
    }
    else if (st.isSymbolicLink()) {
      throw new UnsafeEntryError(entry, `goes through "${parent}", a symbolic link, which could point outside the layer directory`);
    } else if (!st.isDirectory()) throw new UnsafeEntryError(entry, `goes through "${parent}", which is not a directory`);
    this.realDirs.add(parent);
  }

  private forget(rel: string): void {
    const prefix = `${rel}/`;
    for (const d of this.realDirs) if (d === rel || d.startsWith(prefix)) this.realDirs.delete(d);
    for (const d of this.dirMeta.keys()) if (d === rel || d.startsWith(prefix)) this.dirMeta.delete(d);
  }

  /** removes what is at rel unless it is a directory and a directory is wanted */
  private clear(rel: string, keepDir: boolean): boolean {
    if (!this.created.has(rel)) {
      this.created.add(rel);
      return false;
    }
    const st = lstatSync(this.abs(rel), { throwIfNoEntry: false });
    if (!st) return false;
    if (st.isDirectory()) {
      if (keepDir) return true;
      this.forget(rel);
      rmSync(this.abs(rel), { recursive: true, force: true });
    } else {
      this.forget(rel);
      unlinkSync(this.abs(rel));
    }
    return false;
  }

  async apply(entry: TarEntry): Promise<void> {
    const h = entry.header;
    const rel = cleanEntryName(h.name);
    this.entries++;
    const base = baseOf(rel);
    if (base.startsWith(WH)) return this.whiteout(h.name, rel, base);
    if (rel === '' && h.type !== 'directory') throw new UnsafeEntryError(h.name, 'replaces the layer root with a non-directory');
    if (rel !== '') this.ensureParents(h.name, rel);
    switch (h.type) {
      case 'directory': return this.directory(rel, h);
      case 'file': return this.file(rel, h, entry.body);
      case 'symlink': return this.symlink(rel, h);
      case 'hardlink': return this.hardlink(rel, h);
      default: return this.special(rel, h);
    }
  }

  private async whiteout(name: string, rel: string, base: string): Promise<void> {
    const parent = parentOf(rel);
    this.ensureParents(name, rel);
    if (base === OPAQUE) {
      this.xattrs.push({ path: parent, name: 'trusted.overlay.opaque', value: Buffer.from('y') });
      return;
    }
    // other .wh..wh.* names are aufs bookkeeping, meaningless to overlayfs
    if (base.startsWith(`${WH}${WH}`)) return;
    const hidden = base.slice(WH.length);
    if (hidden === '' || hidden === '.' || hidden === '..') throw new UnsafeEntryError(name, 'is a whiteout for an invalid name');
    const target = parent === '' ? hidden : `${parent}/${hidden}`;
    this.clear(target, false);
    await this.whiteouts.make(this.abs(target));
  }

  private directory(rel: string, h: TarHeader): void {
    if (rel !== '' && !this.clear(rel, true)) mkdirSync(this.abs(rel), { mode: 0o700 });
    this.realDirs.add(rel);
    if (this.opts.keepOwners) lchownSync(this.abs(rel), h.uid, h.gid);
    this.dirMeta.set(rel, { mode: h.mode, mtime: h.mtime });
    this.collectXattrs(rel, h);
  }

  private async file(rel: string, h: TarHeader, body: AsyncIterable<Buffer>): Promise<void> {
    this.clear(rel, false);
    // created with its final mode when the umask leaves it intact and no chown follows
    // (chown clears setuid/setgid, so those files are chmod'ed after it)
    const chown = this.opts.keepOwners && (h.uid !== this.uid || h.gid !== this.gid);
    const direct = !chown && (h.mode & 0o7000) === 0 && (h.mode & ~this.umask) === h.mode;
    const fd = openSync(this.abs(rel), CREATE_FLAGS, direct ? h.mode : 0o600);
    try {
      for await (const chunk of body) {
        await writeAll(fd, chunk);
        this.bytes += chunk.length;
      }
      if (chown) fchownSync(fd, h.uid, h.gid);
      if (!direct) fchmodSync(fd, h.mode);
      futimesSync(fd, h.mtime, h.mtime);
    } finally {
      closeSync(fd);
    }
    this.collectXattrs(rel, h);
  }

  private symlink(rel: string, h: TarHeader): void {
    this.clear(rel, false);
    symlinkSync(h.linkname, this.abs(rel));
    if (this.opts.keepOwners) lchownSync(this.abs(rel), h.uid, h.gid);
    lutimesSync(this.abs(rel), h.mtime, h.mtime);
  }

  private hardlink(rel: string, h: TarHeader): void {
    const target = cleanEntryName(h.linkname, 'hard link target');
    if (target === '') throw new UnsafeEntryError(h.name, 'is a hard link to the layer root');
    // the target's parents must be real directories of this layer, like any entry's
    this.ensureParents(h.name, target);
    const st = lstatSync(this.abs(target), { throwIfNoEntry: false });
    if (!st) throw new UnsafeEntryError(h.name, `is a hard link to "${h.linkname}", which is not in this layer`);
    if (st.isDirectory()) throw new UnsafeEntryError(h.name, `is a hard link to "${h.linkname}", a directory`);
    if (target === rel) return;
    this.clear(rel, false);
    linkSync(this.abs(target), this.abs(rel));
  }

  private async special(rel: string, h: TarHeader): Promise<void> {
    this.clear(rel, false);
    const kind = h.type === 'fifo' ? 'fifo' : h.type === 'block' ? 'block' : 'char';
    await mknod(this.abs(rel), kind, h.devmajor, h.devminor);
    if (this.opts.keepOwners) chownSync(this.abs(rel), h.uid, h.gid);
    chmodSync(this.abs(rel), h.mode);
    utimesSync(this.abs(rel), h.mtime, h.mtime);
    this.collectXattrs(rel, h);
  }

  private collectXattrs(rel: string, h: TarHeader): void {
    for (const [name, value] of Object.entries(h.xattrs)) this.xattrs.push({ path: rel, name, value });
  }

  /** xattrs, then directory modes and times, deepest first (writing into a directory changes its mtime) */
  async finish(): Promise<ExtractResult> {
    await applyXattrs(this.opts.dir, this.xattrs, this.opts.scratchFile);
    const dirs = [...this.dirMeta.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [rel, meta] of dirs) {
      chmodSync(this.abs(rel), meta.mode);
      utimesSync(this.abs(rel), meta.mtime, meta.mtime);
    }
    return { entries: this.entries, bytes: this.bytes };
  }
}

export async function extractLayer(entries: AsyncIterable<TarEntry>, opts: ExtractOptions): Promise<ExtractResult> {
  const x = new LayerExtractor(opts);
  for await (const entry of entries) await x.apply(entry);
  return x.finish();
}
