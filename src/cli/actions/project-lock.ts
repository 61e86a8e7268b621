/**
 * The per-project lock around what a command plans and changes, so that two shells running
 * `up`/`down`/`stop`... on one project take turns instead of both acting on what they
 * observed before the other acted. Only backends without a daemon to serialize provide it.
 */
import type { ProjectLock } from '../../runtime/runtime.js';
import type { Session } from './context.js';

const NO_LOCK: ProjectLock = { release: () => undefined };

export async function takeProjectLock(s: Session): Promise<ProjectLock> {
  if (!s.runtime.lockProject || s.globals.dryRun) return NO_LOCK;
  return s.runtime.lockProject(s.name, (pid) =>
    void process.stderr.write(`waiting for another compose command on project ${s.name} (pid ${pid})\n`),
  );
}

export async function withProjectLock<T>(s: Session, fn: () => Promise<T>): Promise<T> {
  const lock = await takeProjectLock(s);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
