import { BerthError, ExitCode } from '../errors.js';

/**
 * The one place errors become exit codes. A user's mistake prints its message and
 * exits 1; anything we did not expect is an internal error that asks for a report.
 */
export function exitCodeFor(err: unknown, write: (line: string) => void): number {
  if (err instanceof ExitCode) return err.code;
  if (err instanceof BerthError && err.kind !== 'internal') {
    write(err.message);
    return 1;
  }
  // commander reports its own usage errors with a code and has already printed them
  if (isCommanderError(err)) return err.exitCode;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  write(`internal error: ${detail}`);
  write('This is a bug in berth; please report it with the command you ran and the output above.');
  return 2;
}

function isCommanderError(err: unknown): err is { exitCode: number; code: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    (err as { code: string }).code.startsWith('commander.') &&
    typeof (err as { exitCode?: unknown }).exitCode === 'number'
  );
}
