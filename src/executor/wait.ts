/**
 * `up --wait`: after the plan ran, every service must be running (and healthy when it has
 * a healthcheck). A one-shot service that a dependent waits on with
 * service_completed_successfully is expected to exit 0, and then it does not fail the
 * wait (Docker Compose gets this wrong: docker/compose#10596).
 */
import { RuntimeError } from '../errors.js';
import type { Project } from '../model/project.js';
import type { Runtime } from '../runtime/runtime.js';
import type { AttachTarget } from './attach.js';

/** Services some other service waits on with service_completed_successfully. */
export function oneShotServices(project: Project): Set<string> {
  const out = new Set<string>();
  for (const s of Object.values(project.services)) {
    for (const d of s.dependencies) if (d.condition === 'service_completed_successfully') out.add(d.service);
  }
  return out;
}

export type WaitVerdict = 'ready' | 'pending' | { readonly failed: string };

/** Pure: one container's state -> ready, still pending, or a failure worded for people. */
export function judge(
  t: AttachTarget,
  s: { state: string; health: string; exitCode?: number },
  oneShot: boolean,
): WaitVerdict {
  if (oneShot) {
    if (s.state === 'exited' || s.state === 'dead') {
      return s.exitCode === 0 ? 'ready' : { failed: `container ${t.name} exited (${s.exitCode ?? '?'})` };
    }
    return 'pending';
  }
  if (s.state === 'exited' || s.state === 'dead') return { failed: `container ${t.name} exited (${s.exitCode ?? '?'})` };
  if (s.health === 'unhealthy') return { failed: `container ${t.name} is unhealthy` };
  if (s.state !== 'running') return 'pending';
  return s.health === 'starting' ? 'pending' : 'ready';
}

export async function waitForServices(
  runtime: Runtime,
  project: Project,
  targets: readonly AttachTarget[],
  o: { timeoutMs?: number; pollMs?: number; onReady?: (t: AttachTarget) => void },
): Promise<void> {
  const oneShots = oneShotServices(project);
  const deadline = o.timeoutMs !== undefined ? Date.now() + o.timeoutMs : Infinity;
  const pending = new Set(targets);
  while (pending.size) {
    for (const t of [...pending]) {
      const verdict = judge(t, await runtime.inspectContainer(t.id), oneShots.has(t.service));
      if (verdict === 'pending') continue;
      if (verdict !== 'ready') throw new RuntimeError(verdict.failed);
      pending.delete(t);
      o.onReady?.(t);
    }
    if (!pending.size) return;
    if (Date.now() > deadline) {
      const names = [...pending].map((t) => t.name).join(', ');
      throw new RuntimeError(`timeout waiting for ${names} to be running and healthy`);
    }
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
  }
}
