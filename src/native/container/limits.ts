/**
 * Per-process limits the shim applies: ulimits (names -> RLIMIT numbers), sysctls (only
 * namespaced ones, as Docker allows), restart policy and healthcheck timings, all from the model.
 */
import type { Service } from '../../model/project.js';
import type { ImageHealthcheck } from '../image/image-store.js';
import { RuntimeError } from '../../errors.js';

const RLIMITS: Readonly<Record<string, number>> = {
  cpu: 0, fsize: 1, data: 2, stack: 3, core: 4, rss: 5, nproc: 6, nofile: 7, memlock: 8, as: 9, locks: 10,
  sigpending: 11, msgqueue: 12, nice: 13, rtprio: 14, rttime: 15,
};

const UNLIMITED = '18446744073709551615';

export function rlimits(service: Pick<Service, 'name' | 'ulimits'>): [number, string, string][] {
  return Object.entries(service.ulimits).map(([name, { soft, hard }]) => {
    const n = RLIMITS[name];
    if (n === undefined) throw new RuntimeError(`service ${service.name}: ulimits.${name}: unknown limit`);
    const v = (x: number) => (x < 0 ? UNLIMITED : String(x));
    return [n, v(soft), v(hard)];
  });
}

const NAMESPACED = [/^kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)$/, /^fs\.mqueue\./];

export function checkSysctls(service: Pick<Service, 'name' | 'sysctls'>, hostNetwork: boolean): [string, string][] {
  return Object.entries(service.sysctls).map(([k, v]) => {
    const ok = NAMESPACED.some((re) => re.test(k)) || (!hostNetwork && k.startsWith('net.'));
    if (!ok) throw new RuntimeError(`service ${service.name}: sysctls.${k}: not a namespaced sysctl`);
    return [k, v];
  });
}

export interface RestartPolicy {
  readonly name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly max: number;
}

export function restartPolicy(service: Pick<Service, 'name' | 'restart' | 'deploy'>): RestartPolicy {
  const rp = service.deploy?.restart_policy;
  if (service.restart === undefined && rp) {
    const name = rp.condition === 'none' ? 'no' : rp.condition === 'on-failure' ? 'on-failure' : 'always';
    return { name, max: rp.max_attempts ?? 0 };
  }
  const [name = 'no', max = '0'] = (service.restart ?? 'no').split(':');
  if (name !== 'no' && name !== 'always' && name !== 'on-failure' && name !== 'unless-stopped')
    throw new RuntimeError(`service ${service.name}: restart: unknown policy ${service.restart}`);
  return { name, max: Number(max) || 0 };
}

export interface HealthSpec {
  readonly command: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
  readonly startIntervalMs: number;
}

const NS_PER_MS = 1e6;

/** the service's healthcheck over the image's, with Docker's defaults; undefined when none */
export function healthSpec(service: Pick<Service, 'healthcheck'>, image: ImageHealthcheck | undefined): HealthSpec | undefined {
  const s = service.healthcheck;
  if (s?.disable) return undefined;
  const test = s?.test && s.test.length > 0 ? s.test : image?.Test;
  if (!test || test.length === 0 || test[0] === 'NONE') return undefined;
  const command = test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test[0] === 'CMD' ? test.slice(1) : test;
  const img = (v: number | undefined) => (v ? v / NS_PER_MS : undefined);
  return {
    command,
    intervalMs: s?.interval ?? img(image?.Interval) ?? 30_000,
    timeoutMs: s?.timeout ?? img(image?.Timeout) ?? 30_000,
    retries: s?.retries ?? image?.Retries ?? 3,
    startPeriodMs: s?.start_period ?? img(image?.StartPeriod) ?? 0,
    startIntervalMs: s?.start_interval ?? img(image?.StartInterval) ?? 5_000,
  };
}
