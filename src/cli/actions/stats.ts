/**
 * `compose stats`: a sample of every running container of the project (all with --all)
 * every second until Ctrl-C, or one with --no-stream. On a terminal each sample redraws the
 * screen; otherwise each sample is printed after the last, so that pipes get plain lines.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode } from '../../errors.js';
import type { ObservedContainer } from '../../model/observed.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession, type Session } from './context.js';
import { formatSample, parseFormat, statsRow, type StatsRow, type Template } from './stats-format.js';

export interface StatsFlags {
  all?: boolean;
  /** false with --no-stream */
  stream: boolean;
  format?: string;
  /** false with --no-trunc */
  trunc: boolean;
}

export const REFRESH_MS = 1000;

const shown = (c: ObservedContainer, all: boolean) => all || c.state === 'running' || c.state === 'paused' || c.state === 'restarting';

async function sample(s: Session, services: readonly string[], f: StatsFlags): Promise<StatsRow[]> {
  // one-offs (`run`) included, as Docker Compose lists them
  const list = (await projectContainers(s, services, { oneoff: true })).filter((c) => shown(c, f.all ?? false));
  list.sort((a, b) => a.name.localeCompare(b.name));
  const rows = await Promise.all(
    list.map(async (c) => {
      try {
        return statsRow(c, await s.runtime.stats(c.id), !f.trunc);
      } catch (err) {
        // removed since it was listed: gone from the next sample, not an error of stats
        if (f.stream) return undefined;
        throw err;
      }
    }),
  );
  return rows.filter((r): r is StatsRow => r !== undefined);
}

/** what to write for one sample: redrawn in place on a terminal, appended otherwise */
export function frame(t: Template, rows: readonly StatsRow[], o: { redraw: boolean; first: boolean }): string {
  const lines = formatSample(t, rows);
  if (o.redraw) return `${o.first ? '\x1b[2J' : ''}\x1b[H${lines.map((l) => `${l}\x1b[K\n`).join('')}\x1b[J`;
  // consecutive tables apart by a blank line; JSON lines stay one object per line
  const gap = t.table && !o.first ? '\n' : '';
  return gap + lines.map((l) => `${l}\n`).join('');
}

export async function runStats(globals: GlobalOptions, services: string[], f: StatsFlags): Promise<void> {
  const template = parseFormat(f.format ?? 'table');
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  // a closed pipe (`compose stats | head`) ends the stream instead of crashing on EPIPE
  const onStdoutError = () => stop.abort();
  process.once('SIGINT', onSigint);
  process.stdout.on('error', onStdoutError);
  try {
    await withSession(globals, { needFile: false, services, title: 'stats', progress: 'quiet' }, async (s) => {
      const redraw = f.stream && process.stdout.isTTY === true;
      for (let first = true; !stop.signal.aborted; first = false) {
        const started = Date.now();
        const rows = await sample(s, services, f);
        if (stop.signal.aborted) break;
        process.stdout.write(frame(template, rows, { redraw, first }));
        if (!f.stream) return;
        await sleep(Math.max(0, REFRESH_MS - (Date.now() - started)), undefined, { signal: stop.signal }).catch(() => undefined);
      }
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.stdout.removeListener('error', onStdoutError);
  }
  // ended by Ctrl-C: the shell's code for it, as `up` does
  if (stop.signal.aborted && f.stream) throw new ExitCode(130);
}
