/**
 * Whether a container's main process gets a terminal and an open stdin, as Docker decides it:
 * `run` says so itself (its TTY and -i), else the service's `tty` and `stdin_open`. A stdin that
 * `run` attaches is closed when the CLI's input ends (Docker's StdinOnce); `stdin_open` stays open.
 */
import type { ContainerSpec } from '../../runtime/runtime.js';

export interface StdioMode {
  readonly tty: boolean;
  readonly stdin?: 'open' | 'once';
}

export function stdioMode(spec: Pick<ContainerSpec, 'service' | 'tty' | 'interactive'>): StdioMode {
  const tty = spec.tty ?? spec.service.tty;
  if (spec.interactive === true) return { tty, stdin: 'once' };
  if (spec.interactive === undefined && spec.service.stdin_open) return { tty, stdin: 'open' };
  return { tty };
}

/** the shim's `stdin` config value: 0 none, 1 open, 2 closed when its client's input ends */
export function stdinConfigValue(stdin: StdioMode['stdin']): number {
  return stdin === 'once' ? 2 : stdin === 'open' ? 1 : 0;
}
