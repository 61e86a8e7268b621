/** One JSON object per line, for programs that follow our progress. */
import type { ProgressEvent, Reporter } from './events.js';

export class JsonReporter implements Reporter {
  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}
  event(e: ProgressEvent): void {
    this.write(`${JSON.stringify({ time: this.now().toISOString(), id: e.resource, status: e.status, text: e.text })}\n`);
  }
  warn(message: string): void {
    this.write(`${JSON.stringify({ time: this.now().toISOString(), status: 'warning', text: message })}\n`);
  }
  async close(): Promise<void> {}
}
