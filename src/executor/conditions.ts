/**
 * depends_on conditions, waited for after the dependency's own operations are done:
 * service_started needs nothing more; service_healthy polls health and fails clearly
 * when there is no healthcheck or it turns unhealthy; service_completed_successfully
 * waits for the exit and requires 0.
 */
import { RuntimeError } from '../errors.js';
import type { Dependency } from '../model/project.js';
import type { Reporter } from '../progress/events.js';
import type { Runtime } from '../runtime/runtime.js';

export interface ContainerRef {
  readonly id: string;
  readonly name: string;
}

export interface WaitContext {
  readonly runtime: Runtime;
  readonly reporter: Reporter;
  readonly signal: AbortSignal;
  readonly pollMs: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitHealthy(c: ContainerRef, ctx: WaitContext): Promise<void> {
  for (;;) {
    const s = await ctx.runtime.inspectContainer(c.id);
    if (s.health === 'healthy') return;
    if (s.health === 'none') throw new RuntimeError(`dependency failed to start: container ${c.name} has no healthcheck configured`);
    if (s.health === 'unhealthy') throw new RuntimeError(`dependency failed to start: container ${c.name} is unhealthy`);
    if (s.state === 'exited' || s.state === 'dead') {
      throw new RuntimeError(`dependency failed to start: container ${c.name} exited (${s.exitCode ?? '?'})`);
    }
    await sleep(ctx.pollMs, ctx.signal);
  }
}

export async function waitCompleted(service: string, c: ContainerRef, ctx: WaitContext): Promise<void> {
  const code = await ctx.runtime.waitContainer(c.id, ctx.signal);
  if (code !== 0) throw new RuntimeError(`service "${service}" didn't complete successfully: exit ${code}`);
}

export async function waitForDependency(dep: Dependency, containers: readonly ContainerRef[], ctx: WaitContext) {
  if (dep.condition === 'service_started') return;
  await Promise.all(
    containers.map(async (c) => {
      const resource = `Container ${c.name}`;
      ctx.reporter.event({ resource, status: 'working', text: 'Waiting' });
      try {
        if (dep.condition === 'service_healthy') await waitHealthy(c, ctx);
        else await waitCompleted(dep.service, c, ctx);
      } catch (err) {
        ctx.reporter.event({ resource, status: 'error', text: 'Error' });
        throw err;
      }
      ctx.reporter.event({ resource, status: 'done', text: dep.condition === 'service_healthy' ? 'Healthy' : 'Exited' });
    }),
  );
}
