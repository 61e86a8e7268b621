/** No progress at all; warnings still reach stderr, since they ask the user to act. */
import type { Reporter } from './events.js';

export class QuietReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}
  event(): void {}
  warn(message: string): void {
    this.write(`WARN: ${message}\n`);
  }
  async close(): Promise<void> {}
}
