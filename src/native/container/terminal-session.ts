/**
 * Connects the CLI's streams to a container process through the shim's frame protocol
 * (attach-frames.ts): stdin bytes and window sizes go out as frames, the terminal's output
 * comes back raw. Used for `exec -t` (the exec helper's pipes) and the attach socket (`run`).
 */
import type { Stdio } from '../../runtime/runtime.js';
import { holdTerminal } from '../../runtime/terminal.js';
import { closeFrame, dataFrames, resizeFrame } from './attach-frames.js';

export interface SessionOptions {
  readonly stdio: Stdio;
  /** the CLI's terminal goes raw and its size follows the local one */
  readonly tty: boolean;
  /** forward stdin; its end closes the process's stdin where the container asked for that */
  readonly input: boolean;
}

export interface Session {
  /** resolves once the output has ended (the process and everything holding its terminal) */
  readonly ended: Promise<void>;
}

/**
 * sink: where frames go; output: the raw terminal output (without a terminal nothing comes
 * here, the container's stdout/stderr go to its log, and its end still marks the process's end).
 */
export function startSession(sink: NodeJS.WritableStream, output: NodeJS.ReadableStream, o: SessionOptions): Session {
  // a process that exits while we still write makes its end of the pipe go away: not our error
  sink.on('error', () => undefined);
  const release = o.tty ? holdTerminal(o.stdio, (s) => sink.write(resizeFrame(s.rows, s.cols))) : () => undefined;
  const stdin = o.input ? o.stdio.stdin : undefined;
  let inputOpen = stdin !== undefined;
  const onData = (chunk: Buffer | string) => {
    if (!sink.write(dataFrames(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)))) {
      stdin?.pause();
      sink.once('drain', () => inputOpen && stdin?.resume());
    }
  };
  const onEnd = () => {
    inputOpen = false;
    sink.write(closeFrame());
    // half-close: the output keeps coming
    sink.end();
  };
  if (stdin) {
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  }
  let stopped = false;
  const stop = () => {
    // 'end' and 'close' both come
    if (stopped) return;
    stopped = true;
    if (stdin) {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      // a paused stdin does not keep the CLI alive
      stdin.pause();
    }
    release();
  };
  const ended = new Promise<void>((resolve) => {
    output.on('data', (chunk: Buffer) => o.stdio.stdout.write(chunk));
    const done = () => {
      stop();
      resolve();
    };
    output.once('end', done);
    output.once('close', done);
    output.once('error', done);
  });
  return { ended };
}
