/** The native runtime's containers as the model's ObservedContainer, from container.json and live state. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerState, HealthState, ObservedContainer } from '../../model/observed.js';
import type { ContainerRecord } from '../state/container-record.js';
import { readRecord } from '../state/container-record.js';
import type { ShimState } from '../state/shim-state.js';

export function containerState(s: ShimState | undefined, paused: boolean): { state: ContainerState; health: HealthState; exitCode?: number } {
  if (!s) return { state: 'created', health: 'none' };
  if (s.status === 'exited') return { state: 'exited', health: 'none', exitCode: s.exitCode };
  if (s.status === 'restarting') return { state: 'restarting', health: 'none', exitCode: s.exitCode };
  // a shim still at its barrier counts as created: the process has not run
  if (s.status === 'created') return { state: 'created', health: 'none' };
  return { state: paused ? 'paused' : 'running', health: s.health };
}

export function toObserved(r: ContainerRecord, live: ReturnType<typeof containerState>): ObservedContainer {
  return {
    id: r.id,
    name: r.name,
    project: r.project,
    service: r.service,
    number: r.number,
    oneoff: r.oneoff,
    configHash: r.configHash,
    image: r.image,
    state: live.state,
    health: live.health,
    ...(live.exitCode !== undefined ? { exitCode: live.exitCode } : {}),
    labels: r.labels,
    created: r.created,
  };
}

/** every container directory with a readable record */
export function listRecords(containersDir: string): { dir: string; record: ContainerRecord }[] {
  let names: string[];
  try {
    names = readdirSync(containersDir);
  } catch {
    return [];
  }
  return names.filter((n) => !n.startsWith('.')).flatMap((n) => {
    const dir = join(containersDir, n);
    const record = readRecord(dir);
    return record ? [{ dir, record }] : [];
  });
}
