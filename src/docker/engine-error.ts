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

export function engineError(what: string, err: unknown): RuntimeError {
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
