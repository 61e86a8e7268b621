/** Registry error bodies (`{"errors":[{"code","message"}]}`) turned into readable messages. */
import type { RegistryResponse } from './http-transport.js';
import { RuntimeError } from '../../errors.js';

export class RegistryError extends RuntimeError {
  constructor(message: string, readonly status: number, readonly code?: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export async function registryError(res: RegistryResponse, what: string): Promise<RegistryError> {
  let code: string | undefined;
  let detail = '';
  try {
    const text = await res.text();
    const doc = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = doc.errors?.[0];
    code = first?.code;
    detail = [first?.code?.toLowerCase().replace(/_/g, ' '), first?.message].filter(Boolean).join(': ');
  } catch {
    // not JSON: the status says enough
  }
  if (res.status === 404) return new RegistryError(`${what}: not found${detail ? ` (${detail})` : ''}`, 404, code);
  if (res.status === 401 || res.status === 403) {
    return new RegistryError(`${what}: unauthorized${detail ? ` (${detail})` : ''}; log in with "compose login"`, res.status, code);
  }
  return new RegistryError(`${what}: registry answered ${res.status} ${res.statusText}${detail ? ` (${detail})` : ''}`, res.status, code);
}

/** worth retrying: the connection broke or the registry is briefly unwell */
export function transientStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
