/**
 * `compose up`: observe -> plan -> apply, then either return (-d), wait for readiness
 * (--wait), or stay attached to the logs until the containers exit or Ctrl-C.
 */
import { ExitCode, UsageError } from '../../errors.js';
import type { Project } from '../../model/project.js';
import type { PullOption } from '../../planner/reconcile-service.js';
import type { AttachTarget } from '../../executor/attach.js';
import { orphanHandling, type GlobalOptions } from '../global-options.js';
import { withSession, type Session, parallelism } from './context.js';
import { takeProjectLock, withProjectLock } from './project-lock.js';

export type AttachFlag = { readonly attach: string } | { readonly skip: string };

export interface UpFlags {
  detach?: boolean;
  wait?: boolean;
  waitTimeout?: string;
  abortOnContainerExit?: boolean;
  abortOnContainerFailure?: boolean;
  exitCodeFrom?: string;
  deps: boolean;
  forceRecreate?: boolean;
  recreate: boolean;
  removeOrphans?: boolean;
  scale?: string[];
  timeout?: string;
  pull?: string;
  quietPull?: boolean;
  color: boolean;
  logPrefix: boolean;
  timestamps?: boolean;
  attach?: AttachFlag[];
  start: boolean;
}

export function parseScale(entries: readonly string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const m = /^([^=]+)=(\d+)$/.exec(e);
    if (!m) throw new UsageError(`invalid --scale "${e}": expected SERVICE=NUMBER`);
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}

export function parseSeconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`invalid ${flag} "${value}": expected a number of seconds`);
  return n;
}

export function checkUpFlags(f: UpFlags, project: Project): void {
  const aborts = f.abortOnContainerExit || f.abortOnContainerFailure || f.exitCodeFrom !== undefined;
  if (f.detach && aborts) throw new UsageError('--abort-on-container-exit, --abort-on-container-failure and --exit-code-from cannot be combined with -d');
  if (f.abortOnContainerExit && f.abortOnContainerFailure) throw new UsageError('--abort-on-container-exit and --abort-on-container-failure cannot be combined');
  if (f.forceRecreate && !f.recreate) throw new UsageError('--force-recreate and --no-recreate cannot be combined');
  if (f.exitCodeFrom !== undefined && !project.services[f.exitCodeFrom]) throw new UsageError(`--exit-code-from: no such service: ${f.exitCodeFrom}`);
  if (f.pull !== undefined && !['always', 'missing', 'never', 'policy'].includes(f.pull)) {
    throw new UsageError(`invalid --pull "${f.pull}": expected always, missing, never or policy`);
  }
}

/** Which services attached `up` follows: the named ones (or all), then --attach / --no-attach. */
export function attachedServices(selected: readonly string[], named: readonly string[], flags: readonly AttachFlag[] = []): string[] {
  const explicit = flags.flatMap((f) => ('attach' in f ? [f.attach] : []));
  const skipped = new Set(flags.flatMap((f) => ('skip' in f ? [f.skip] : [])));
  const base = explicit.length ? explicit : named.length ? named : selected;
  return base.filter((s) => !skipped.has(s));
}

export async function runUp(globals: GlobalOptions, services: string[], f: UpFlags): Promise<void> {
  const code = await withSession(globals, { needFile: true, services, title: 'up' }, (s) => up(s, services, f));
  if (code !== 0) throw new ExitCode(code);
}

async function up(s: Session, services: string[], f: UpFlags): Promise<number> {
  const project = s.project as Project;
  checkUpFlags(f, project);
  const orphans = orphanHandling(f.removeOrphans, s.globals);
  const { planUp, formatPlan } = await import('../../planner/index.js');
  const { applyPlan } = await import('../../executor/apply-plan.js');
  const timeoutSeconds = parseSeconds('--timeout', f.timeout);
  // plan and apply under the project lock; it is released before waiting or following logs
  const lock = await takeProjectLock(s);
  let plan;
  let result;
  try {
    plan = planUp(project, await s.runtime.observe(s.name), {
      services,
      noDeps: !f.deps,
      forceRecreate: f.forceRecreate ?? false,
      noRecreate: !f.recreate,
      noStart: !f.start,
      ...orphans,
      scale: parseScale(f.scale),
      ...(f.pull !== undefined ? { pull: f.pull as PullOption } : {}),
    });
    if (s.globals.dryRun) {
      process.stdout.write(formatPlan(plan));
      return 0;
    }
    const interrupted = new AbortController();
    // 130 is the shell's code for "ended by Ctrl-C", as Docker Compose exits then
    const onSigint = () => interrupted.abort(new ExitCode(130));
    process.once('SIGINT', onSigint);
    try {
      result = await applyPlan(plan, s.runtime, s.reporter, {
        project,
        parallel: await parallelism(s),
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
        quietPull: f.quietPull ?? false,
        signal: interrupted.signal,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  } finally {
    lock.release();
  }
  const targets = (names: readonly string[]): AttachTarget[] =>
    names.flatMap((name) => (result.containers.get(name) ?? []).map((c) => ({ ...c, service: name })));
  const selected = plan.services.map((p) => p.service);
  if (f.wait) {
    const { waitForServices } = await import('../../executor/wait.js');
    const waitTimeout = parseSeconds('--wait-timeout', f.waitTimeout);
    await waitForServices(s.runtime, project, targets(selected), {
      ...(waitTimeout !== undefined ? { timeoutMs: waitTimeout * 1000 } : {}),
      onReady: (t) => s.reporter.event({ resource: `Container ${t.name}`, status: 'done', text: 'Healthy' }),
    });
    return 0;
  }
  if (f.detach || !f.start) return 0;
  await s.reporter.close();
  const watched = targets(attachedServices(selected, services, f.attach));
  process.stderr.write(`Attaching to ${watched.map((t) => t.name.replace(`${s.name}-`, '')).join(', ')}\n`);
  return attached(s, watched, targets(selected), f, timeoutSeconds);
}

async function attached(s: Session, watch: AttachTarget[], all: AttachTarget[], f: UpFlags, timeoutSeconds?: number): Promise<number> {
  const { superviseAttached } = await import('../../executor/attach.js');
  const { PlainReporter } = await import('../../progress/plain.js');
  const notice = (text: string) => void process.stderr.write(`${text}\n`);
  const progress = new PlainReporter(notice.bind(null) as (t: string) => void);
  const each = (fn: (t: AttachTarget) => Promise<void>) => Promise.all(all.map(fn)).then(() => undefined);
  return superviseAttached(s.runtime, watch, {
    project: s.name,
    rule: {
      abortOnExit: f.abortOnContainerExit ?? false,
      abortOnFailure: f.abortOnContainerFailure ?? false,
      ...(f.exitCodeFrom !== undefined ? { exitCodeFrom: f.exitCodeFrom } : {}),
    },
    color: f.color && s.globals.ansi !== 'never' && (s.globals.ansi === 'always' || process.stdout.isTTY === true),
    prefix: f.logPrefix,
    timestamps: f.timestamps ?? false,
    write: (text) => void process.stdout.write(text),
    notice,
    // stopping changes the project again: under the lock, like `compose stop`
    stopAll: () =>
      withProjectLock(s, () =>
        each(async (t) => {
          progress.event({ resource: `Container ${t.name}`, status: 'working', text: 'Stopping' });
          await s.runtime.stopContainer(t.id, timeoutSeconds !== undefined ? { timeoutSeconds } : {});
          progress.event({ resource: `Container ${t.name}`, status: 'done', text: 'Stopped' });
        }),
      ),
    killAll: () => each((t) => s.runtime.killContainer(t.id, 'SIGKILL').catch(() => undefined)),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => void process.removeListener('SIGINT', handler);
    },
  });
}
