/** `compose logs`: each container's output with a `web-1  | ` prefix; -f follows all at once. */
import { UsageError } from '../../errors.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession } from './context.js';

export interface LogsFlags {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  color: boolean;
  logPrefix: boolean;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `--since`: an RFC 3339 time, a Unix timestamp, or a duration before now (`10m`, `1h30m`). */
export function parseSince(value: string, now: Date = new Date()): Date {
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)([smh])/g)];
  if (parts.length && parts.map((p) => p[0]).join('') === value) {
    const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] ?? 0), 0);
    return new Date(now.getTime() - ms);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`invalid --since "${value}": expected a time, a timestamp or a duration like 10m`);
  return d;
}

export function parseTail(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`invalid --tail "${value}": expected a number of lines or all`);
  return n;
}

export async function runLogs(globals: GlobalOptions, services: string[], f: LogsFlags): Promise<void> {
  const tail = parseTail(f.tail);
  const since = f.since !== undefined ? parseSince(f.since) : undefined;
  await withSession(globals, { needFile: false, services, title: 'logs', progress: 'quiet' }, async (s) => {
    const { followLogs } = await import('../../executor/attach.js');
    const { makeFormatter, shortName } = await import('../../executor/log-prefix.js');
    const list = await projectContainers(s, services);
    const names = list.map((c) => shortName(s.name, c.name));
    const color = f.color && globals.ansi !== 'never' && (globals.ansi === 'always' || process.stdout.isTTY === true);
    const format = makeFormatter(names, { color, prefix: f.logPrefix, timestamps: f.timestamps ?? false });
    const write = (text: string) => void process.stdout.write(text);
    const options = { follow: f.follow ?? false, ...(tail !== undefined ? { tail } : {}), ...(since ? { since } : {}) };
    const one = (i: number) => {
      const c = list[i];
      return c ? followLogs(s.runtime, { ...c }, format, names[i] ?? c.name, write, options) : Promise.resolve();
    };
    if (f.follow) await Promise.all(list.map((_, i) => one(i)));
    else for (let i = 0; i < list.length; i++) await one(i);
  });
}
