/**
 * stop, start, restart, kill, rm, pause, unpause: one operation on each of the project's
 * containers (of the named services). start goes dependencies first, stop and restart
 * dependents first, like `up` and `down`; the rest need no order.
 */
import type { ObservedContainer } from '../../model/observed.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession, type Session, parallelism } from './context.js';
import { withProjectLock } from './project-lock.js';
import { parseSeconds } from './up.js';

export type Verb = 'stop' | 'start' | 'restart' | 'kill' | 'rm' | 'pause' | 'unpause';

export interface LifecycleFlags {
  timeout?: string;
  signal?: string;
  force?: boolean;
  stop?: boolean;
  volumes?: boolean;
}

const WORDS: Record<Verb, [string, string]> = {
  stop: ['Stopping', 'Stopped'],
  start: ['Starting', 'Started'],
  restart: ['Restarting', 'Started'],
  kill: ['Killing', 'Killed'],
  rm: ['Removing', 'Removed'],
  pause: ['Pausing', 'Paused'],
  unpause: ['Unpausing', 'Unpaused'],
};

/** Which containers a verb applies to: kill, pause and stop only touch running ones. */
export function appliesTo(verb: Verb, c: ObservedContainer, f: LifecycleFlags): boolean {
  switch (verb) {
    case 'start':
      return c.state !== 'running' && c.state !== 'paused';
    case 'stop':
    case 'kill':
    case 'pause':
      return c.state === 'running' || (verb !== 'pause' && c.state === 'paused') || c.state === 'restarting';
    case 'unpause':
      return c.state === 'paused';
    case 'rm':
      return f.stop || f.force ? true : c.state !== 'running' && c.state !== 'paused';
    case 'restart':
      return true;
  }
}

async function act(s: Session, verb: Verb, c: ObservedContainer, f: LifecycleFlags, timeoutSeconds?: number) {
  const r = s.runtime;
  const t = timeoutSeconds !== undefined ? { timeoutSeconds } : {};
  switch (verb) {
    case 'start':
      return r.startContainer(c.id);
    case 'stop':
      return r.stopContainer(c.id, t);
    case 'restart':
      await r.stopContainer(c.id, t);
      return r.startContainer(c.id);
    case 'kill':
      return r.killContainer(c.id, f.signal ?? 'SIGKILL');
    case 'rm':
      if (f.stop && c.state === 'running') await r.stopContainer(c.id, t);
      return r.removeContainer(c.id, { force: f.force ?? false, volumes: f.volumes ?? false });
    case 'pause':
      return r.pauseContainer(c.id);
    case 'unpause':
      return r.unpauseContainer(c.id);
  }
}

export async function runLifecycle(globals: GlobalOptions, verb: Verb, services: string[], f: LifecycleFlags): Promise<void> {
  const timeoutSeconds = parseSeconds('--timeout', f.timeout);
  await withSession(globals, { needFile: false, services, title: verb }, (s) => withProjectLock(s, async () => {
    const containers = (await projectContainers(s, services)).filter((c) => appliesTo(verb, c, f));
    const [working, done] = WORDS[verb];
    const one = async (c: ObservedContainer) => {
      const resource = `Container ${c.name}`;
      s.reporter.event({ resource, status: 'working', text: working });
      await act(s, verb, c, f, timeoutSeconds);
      s.reporter.event({ resource, status: 'done', text: done });
    };
    const ordered = verb === 'start' || verb === 'stop' || verb === 'restart';
    if (!ordered || !s.project) {
      await Promise.all(containers.map(one));
      return;
    }
    const { buildGraph, walk } = await import('../../planner/index.js');
    const graph = buildGraph({ ...s.project, services: { ...s.project.disabled_services, ...s.project.services } });
    await walk(
      graph,
      verb === 'start' ? 'up' : 'down',
      async (name) => void (await Promise.all(containers.filter((c) => c.service === name).map(one))),
      { parallel: await parallelism(s) },
    );
    // containers of services no longer in the file still get the verb
    await Promise.all(containers.filter((c) => !graph.hasNode(c.service)).map(one));
  }));
}
