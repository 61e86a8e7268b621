/** One line per state change, never a redraw: for logs, pipes and CI. */
import type { ProgressEvent, Reporter } from './events.js';

export class PlainReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}
  event(e: ProgressEvent): void {
    this.write(`${e.resource}  ${e.text}\n`);
  }
  warn(message: string): void {
    this.write(`WARN: ${message}\n`);
  }
  async close(): Promise<void> {}
}
