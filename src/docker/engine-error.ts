/** Turns a dockerode failure into a RuntimeError naming what we were doing and to what. */
import { RuntimeError } from '../errors.js';

export function engineMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const json = (err as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') return json.message;
    const reason = (err as { reason?: unknown }).reason;
    if (err instanceof Error && typeof reason === 'string') return `${reason}: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function statusCode(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * No Engine answered at all: the one clear error for a missing daemon, from whichever call
 * met it first (there is no separate ping: it cost a round trip on every command). It is
 * passed on as it is, not prefixed with what that call was doing.
 */
export class NoDaemonError extends RuntimeError {
  constructor(display: string, err: Error) {
    super(`cannot connect to the Docker daemon at ${display}: is dockerd running? (${err.message})`, { cause: err });
    this.name = 'NoDaemonError';
  }
}

export function engineError(what: string, err: unknown): RuntimeError {
  if (err instanceof NoDaemonError) return err;
  return new RuntimeError(`${what}: ${engineMessage(err)}`, { cause: err });
}

/** Runs an Engine call, wrapping its failure; `ignore` lists status codes that mean "already so". */
export async function call<T>(what: string, fn: () => Promise<T>, ignore: readonly number[] = []): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const code = statusCode(err);
    if (code !== undefined && ignore.includes(code)) return undefined;
    throw engineError(what, err);
  }
}
