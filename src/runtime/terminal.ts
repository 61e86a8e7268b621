/**
 * The CLI's side of a container's terminal, for every backend: the local terminal in raw mode
 * while attached (keys such as Ctrl-C reach the container's process instead of the CLI), its
 * window size at start and on every change (SIGWINCH, which Node turns into 'resize').
 */
import type { Stdio } from './runtime.js';

export interface TerminalSize {
  readonly rows: number;
  readonly cols: number;
}

interface TtyOut {
  isTTY?: boolean;
  rows?: number;
  columns?: number;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

interface TtyIn {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(raw: boolean): unknown;
}

/** the size of the terminal the output goes to, or undefined when it is not a terminal */
export function terminalSize(out: NodeJS.WritableStream): TerminalSize | undefined {
  const t = out as unknown as TtyOut;
  if (!t.isTTY || !t.rows || !t.columns) return undefined;
  return { rows: t.rows, cols: t.columns };
}

/**
 * Raw mode on a terminal stdin and resize events from a terminal stdout; returns the undo.
 * Either may be a pipe: then that half does nothing.
 */
export function holdTerminal(stdio: Stdio, onResize: (size: TerminalSize) => void): () => void {
  const input = stdio.stdin as unknown as TtyIn | undefined;
  const raw = input?.isTTY === true && typeof input.setRawMode === 'function' && !input.isRaw;
  if (raw) input.setRawMode!(true);
  const out = stdio.stdout as unknown as TtyOut;
  const listener = () => {
    const size = terminalSize(stdio.stdout);
    if (size) onResize(size);
  };
  if (out.isTTY) out.on('resize', listener);
  return () => {
    if (out.isTTY) out.off('resize', listener);
    if (raw) input.setRawMode!(false);
  };
}
