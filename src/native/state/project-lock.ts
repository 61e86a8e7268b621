/**
 * Serializes commands on one project from several shells: `<root>/locks/<project>` holds
 * "<pid> <start time>" of the command holding it. The file is written aside and hard-linked
 * into place, so it is never seen empty or half written. A lock whose holder is gone (killed
 * CLI, reboot) is stale and taken over; the takeover itself is done under a short-lived
 * `<project>.takeover` directory, so that two waiters never both remove a lock and one of
 * them removes the other's fresh one. Not reentrant: one command takes it once (holders in
 * one process wait for each other, like holders in two).
 */
import { linkSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeError } from '../../errors.js';
import { isSameProcess, processStartTime } from './shim-state.js';

export interface ProjectLock {
  release(): void;
}

export interface LockOptions {
  /** give up after this long (default 60 s; Infinity waits as long as it takes) */
  readonly timeoutMs?: number;
  /** called once, with the holder's pid, when the wait has lasted `noticeAfterMs` */
  readonly onWait?: (holderPid: number) => void;
  readonly noticeAfterMs?: number;
}

/** a takeover directory older than this was left by a process killed inside the takeover */
const TAKEOVER_STALE_MS = 10_000;

function tryCreate(path: string, content: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(aside, content, { mode: 0o644 });
    linkSync(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new RuntimeError(`create lock ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    unlinkSafe(aside);
  }
}

/** undefined: no lock file (released meanwhile) */
function readHolder(path: string): { text: string; pid: number; alive: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [pid = '0', start = '0'] = text.trim().split(' ');
  return { text, pid: Number(pid), alive: isSameProcess(Number(pid), start) };
}

/** removes the lock file only if it still is the dead holder's `text` */
function takeOver(path: string, text: string): void {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch {
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(guard);
    } catch {
      // another waiter removed it first
    }
    return;
  }
  try {
    if (readHolder(path)?.text === text) unlinkSafe(path);
  } finally {
    rmdirSync(guard);
  }
}

export async function lockProject(locksDir: string, project: string, options: number | LockOptions = {}): Promise<ProjectLock> {
  const o: LockOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  // the name becomes a file name: only what a project name may be (no "/" or "..")
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(project)) throw new RuntimeError(`invalid project name "${project}" for the project lock`);
  mkdirSync(locksDir, { recursive: true });
  const path = join(locksDir, project);
  const content = `${process.pid} ${processStartTime(process.pid) ?? '0'}\n`;
  const started = Date.now();
  const deadline = started + (o.timeoutMs ?? 60_000);
  let noticed = false;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (tryCreate(path, content)) return releaser(path);
    const holder = readHolder(path);
    if (holder && !holder.alive) {
      takeOver(path, holder.text);
      continue;
    }
    if (Date.now() > deadline) throw new RuntimeError(`project ${project} is locked by another command (pid ${holder?.pid ?? '?'}, ${path})`);
    if (!noticed && holder && o.onWait && Date.now() - started >= (o.noticeAfterMs ?? 1000)) {
      noticed = true;
      o.onWait(holder.pid);
    }
    await sleep(delay);
  }
}

function releaser(path: string): ProjectLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      unlinkSafe(path);
    },
  };
}

function unlinkSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
