/**
 * Attached `up` and `logs -f`: follows containers' logs, writes them with prefixes,
 * and notices exits. The exit-code rule decides when everything must stop; a first
 * Ctrl-C stops gracefully, a second kills.
 */
import type { Runtime } from '../runtime/runtime.js';
import type { ContainerRef } from './conditions.js';
import { trackExits, type ExitRule } from './exit-code.js';
import { makeFormatter, shortName, type PrefixOptions } from './log-prefix.js';

export interface AttachTarget extends ContainerRef {
  readonly service: string;
}

export interface SuperviseOptions extends PrefixOptions {
  readonly project: string;
  readonly rule: ExitRule;
  readonly write: (text: string) => void;
  /** graceful stop of every container of the project (up's -t applies) */
  readonly stopAll: () => Promise<void>;
  readonly killAll: () => Promise<void>;
  /** lines shown by `--tail`; all when absent */
  readonly tail?: number;
  /** a source of interrupts: the CLI passes SIGINT, tests pass their own emitter */
  readonly onInterrupt?: (handler: () => void) => () => void;
  readonly notice: (text: string) => void;
}

/** Writes one container's log until it ends. */
export async function followLogs(
  runtime: Runtime,
  t: AttachTarget,
  format: (name: string, text: string, time?: Date) => string,
  name: string,
  write: (text: string) => void,
  options: { follow: boolean; tail?: number; since?: Date; signal?: AbortSignal },
): Promise<void> {
  for await (const line of runtime.logs(t.id, { ...options, timestamps: true })) write(format(name, line.text, line.time));
}

/** Resolves with the exit code of attached `up` once every attached container has exited. */
export async function superviseAttached(runtime: Runtime, targets: readonly AttachTarget[], o: SuperviseOptions): Promise<number> {
  const names = targets.map((t) => shortName(o.project, t.name));
  const format = makeFormatter(names, o);
  const tracker = trackExits(o.rule);
  let interrupts = 0;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= o.stopAll());
  const off = o.onInterrupt?.(() => {
    interrupts++;
    if (interrupts === 1) {
      o.notice('Gracefully stopping... (press Ctrl+C again to force)');
      void stop();
    } else void o.killAll();
  });
  try {
    await Promise.all(
      targets.map(async (t, i) => {
        const name = names[i] ?? t.name;
        const done = followLogs(runtime, t, format, name, o.write, { follow: true, ...(o.tail !== undefined ? { tail: o.tail } : {}) });
        const code = await runtime.waitContainer(t.id);
        await done.catch(() => undefined);
        o.write(`${name} exited with code ${code}\n`);
        if (tracker.exit(t.service, code)) {
          o.notice('Aborting on container exit...');
          await stop();
        }
      }),
    );
    await stopping;
  } finally {
    off?.();
  }
  return interrupts > 0 && !o.rule.abortOnExit && !o.rule.abortOnFailure && o.rule.exitCodeFrom === undefined ? 130 : tracker.code();
}
