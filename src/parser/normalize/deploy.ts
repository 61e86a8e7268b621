/** `deploy:`: resources in bytes and CPUs, restart-policy durations in milliseconds. */
import type { Deploy, ResourceSpec } from '../../model/project.js';
import { isRecord, stringMap } from './context.js';
import { parseDuration, parseInteger, parseNumber, parseSize } from './units.js';

function resources(value: unknown): ResourceSpec | undefined {
  if (!isRecord(value)) return undefined;
  const { cpus, memory, pids, ...rest } = value;
  const out: Record<string, unknown> = { ...rest };
  const c = parseNumber(cpus);
  const m = parseSize(memory);
  const p = parseInteger(pids);
  if (c !== undefined) out.cpus = c;
  if (m !== undefined) out.memory = m;
  if (p !== undefined) out.pids = p;
  return out as ResourceSpec;
}

export function normalizeDeploy(value: unknown): Deploy | undefined {
  if (!isRecord(value)) return undefined;
  const { mode, replicas, resources: res, restart_policy, labels, ...rest } = value;
  const r = isRecord(res) ? res : {};
  const limits = resources(r.limits);
  const reservations = resources(r.reservations);
  const out: Record<string, unknown> = {
    ...rest,
    resources: { ...(limits ? { limits } : {}), ...(reservations ? { reservations } : {}) },
    labels: stringMap(labels),
  };
  if (mode !== undefined) out.mode = String(mode);
  const n = parseInteger(replicas);
  if (n !== undefined) out.replicas = n;
  if (isRecord(restart_policy)) {
    const rp: Record<string, unknown> = {};
    if (restart_policy.condition !== undefined) rp.condition = restart_policy.condition;
    for (const key of ['delay', 'window'] as const) {
      const ms = parseDuration(restart_policy[key]);
      if (ms !== undefined) rp[key] = ms;
    }
    const attempts = parseInteger(restart_policy.max_attempts);
    if (attempts !== undefined) rp.max_attempts = attempts;
    out.restart_policy = rp;
  }
  return out as unknown as Deploy;
}
