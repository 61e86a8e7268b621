/**
 * Live progress on a terminal through listr2 (imported only here, only when used): one
 * task for the whole command whose output is the table of resources and their latest
 * state, redrawn in place as events arrive.
 */
import type { ProgressEvent, Reporter } from './events.js';

const MARK: Record<ProgressEvent['status'], string> = { working: '⠿', done: '✔', warning: '!', error: '✘' };

/** Pure: the table the live display shows, one resource per line in first-seen order. */
export function renderTable(states: ReadonlyMap<string, ProgressEvent>): string {
  const width = Math.max(0, ...[...states.keys()].map((k) => k.length));
  return [...states.values()].map((e) => `${MARK[e.status]} ${e.resource.padEnd(width)}  ${e.text}`).join('\n');
}

export class TtyReporter implements Reporter {
  private readonly states = new Map<string, ProgressEvent>();
  private update: ((text: string) => void) | undefined;
  private finish: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly warnings: string[] = [];

  constructor(private readonly title: string, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.running = this.start();
  }

  private async start(): Promise<void> {
    const { Listr } = await import('listr2');
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const list = new Listr(
      [
        {
          title: this.title,
          task: async (_ctx, task) => {
            this.update = (text) => (task.output = text);
            this.update(renderTable(this.states));
            await done;
          },
          rendererOptions: { outputBar: Infinity, persistentOutput: true },
        },
      ],
      { rendererOptions: { collapseSubtasks: false }, exitOnError: false, registerSignalListeners: false },
    );
    await list.run();
  }

  event(e: ProgressEvent): void {
    this.states.set(e.resource, e);
    this.update?.(renderTable(this.states));
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.update?.(renderTable(this.states));
    this.finish?.();
    // the task may not have begun yet when the work was instant
    while (!this.finish) await new Promise((r) => setTimeout(r, 5));
    this.finish();
    await this.running;
    for (const w of this.warnings) this.stream.write(`WARN: ${w}\n`);
  }
}
