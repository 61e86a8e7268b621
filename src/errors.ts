import { formatLocation, type SourceLocation } from './model/location.js';

/**
 * Error kinds. The CLI's single error boundary maps them to exit codes:
 * every kind but 'internal' is the user's to fix and exits 1 without a stack trace.
 */
export type ErrorKind = 'compose-file' | 'usage' | 'runtime' | 'not-found' | 'conflict' | 'internal';

export class BerthError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'BerthError';
  }
}

/**
 * A mistake in a compose file. `path` is the dotted path into the document
 * (`services.web.ports[0]`); the location is where that value starts.
 * The message renders as `file:line:col: path: detail`.
 */
export class ComposeFileError extends BerthError {
  readonly location: SourceLocation | undefined;
  readonly path: string;
  readonly detail: string;
  constructor(detail: string, where: { location?: SourceLocation; path?: string } = {}, options?: { cause?: unknown }) {
    const prefix = [formatLocation(where.location), where.path ?? ''].filter(Boolean).join(': ');
    super('compose-file', prefix ? `${prefix}: ${detail}` : detail, options);
    this.name = 'ComposeFileError';
    this.location = where.location;
    this.path = where.path ?? '';
    this.detail = detail;
  }
}

/** Several independent compose-file errors found in one pass; reported together. */
export class ComposeFileErrors extends BerthError {
  readonly errors: readonly ComposeFileError[];
  constructor(errors: readonly ComposeFileError[]) {
    super('compose-file', errors.map((e) => e.message).join('\n'));
    this.name = 'ComposeFileErrors';
    this.errors = errors;
  }
}

export class UsageError extends BerthError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A backend (daemon, kernel, registry) refused or failed an operation. */
export class RuntimeError extends BerthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('runtime', message, options);
    this.name = 'RuntimeError';
  }
}

/** The operation would break something that depends on its target (an image a container uses...). */
export class ConflictError extends BerthError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** Exit code chosen by a command itself (a container's exit code, --exit-code-from...). */
export class ExitCode extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
    this.name = 'ExitCode';
  }
}
