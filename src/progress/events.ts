/**
 * Progress is a stream of events about resources ("Container p-web-1", "Network p_default").
 * The executor emits them; one renderer, chosen once per command, shows them. Progress
 * goes to stderr so that data on stdout stays clean for pipes.
 */
export type ProgressStatus = 'working' | 'done' | 'warning' | 'error';

export interface ProgressEvent {
  /** "Container p-web-1", "Network p_default", "Volume p_data", "Image busybox" */
  readonly resource: string;
  readonly status: ProgressStatus;
  /** "Creating", "Created", "Started", "Waiting", "Healthy", "Error: ..." */
  readonly text: string;
}

export interface Reporter {
  event(e: ProgressEvent): void;
  /** a warning worded for people; shown in every mode but json, where it is an event */
  warn(message: string): void;
  /** flushes a live display; call once, when the command's work is done */
  close(): Promise<void>;
}

/** A reporter that records everything, for tests and for `--dry-run`. */
export class RecordingReporter implements Reporter {
  readonly events: ProgressEvent[] = [];
  readonly warnings: string[] = [];
  event(e: ProgressEvent): void {
    this.events.push(e);
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  async close(): Promise<void> {}
  lines(): string[] {
    return this.events.map((e) => `${e.resource}  ${e.text}`);
  }
}
