/**
 * `exec` and `attach` over the Engine's hijacked connections. The CLI's stdin is
 * forwarded only when asked; a TTY puts the local terminal in raw mode for the duration
 * and the container's terminal follows the local size (after start, and on SIGWINCH: API
 * 1.41 takes no size at create).
 */
import type Docker from 'dockerode';
import type { ExecOptions, Stdio } from '../runtime/runtime.js';
import { holdTerminal, terminalSize, type TerminalSize } from '../runtime/terminal.js';
import { call } from './engine-error.js';
import { demuxTo, FrameParser } from './logs.js';

function defaultStdio(): Stdio {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Pipes a hijacked duplex to the given streams; resolves when the remote side ends. */
function pump(
  stream: NodeJS.ReadWriteStream, stdio: Stdio, tty: boolean, interactive: boolean,
  resize: (size: TerminalSize) => Promise<unknown>,
): Promise<void> {
  const parser = new FrameParser();
  const stdin = interactive ? stdio.stdin : undefined;
  const release = tty
    ? holdTerminal({ ...stdio, stdin }, (size) => void resize(size).catch(() => undefined))
    : () => undefined;
  if (stdin) stdin.pipe(stream);
  return new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (tty) stdio.stdout.write(chunk);
      else demuxTo(chunk, parser, stdio.stdout, stdio.stderr);
    });
    const done = () => {
      if (stdin) {
        stdin.unpipe(stream);
        // a paused stdin must not keep the CLI alive
        stdin.pause();
      }
      release();
      resolve();
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', reject);
  });
}

export async function execIn(container: Docker.Container, name: string, o: ExecOptions): Promise<number> {
  const stdio = o.stdio ?? defaultStdio();
  const exec = await call(`exec in container ${name}`, () =>
    container.exec({
      Cmd: [...o.command],
      AttachStdin: o.interactive && !o.detach,
      AttachStdout: !o.detach,
      AttachStderr: !o.detach,
      Tty: o.tty,
      Env: Object.entries(o.env).map(([k, v]) => `${k}=${v}`),
      ...(o.user !== undefined ? { User: o.user } : {}),
      ...(o.workdir !== undefined ? { WorkingDir: o.workdir } : {}),
    }),
  );
  if (!exec) throw new Error('unreachable: exec create returned nothing');
  if (o.detach) {
    await call(`exec in container ${name}`, () => exec.start({ Detach: true, Tty: o.tty }));
    return 0;
  }
  const stream = (await call(`exec in container ${name}`, () =>
    exec.start({ hijack: true, stdin: o.interactive, Tty: o.tty }),
  )) as NodeJS.ReadWriteStream;
  const resize = (size: TerminalSize) => exec.resize({ h: size.rows, w: size.cols });
  const size = o.tty ? terminalSize(stdio.stdout) : undefined;
  if (size) await resize(size).catch(() => undefined);
  await pump(stream, stdio, o.tty, o.interactive, resize);
  const info = await call(`inspect exec in container ${name}`, () => exec.inspect());
  return info?.ExitCode ?? 0;
}

export async function attachTo(container: Docker.Container, name: string, stdio: Stdio, tty: boolean) {
  const interactive = stdio.stdin !== undefined;
  const stream = (await call(`attach to container ${name}`, () =>
    container.attach({ stream: true, stdin: interactive, stdout: true, stderr: true, hijack: true }),
  )) as NodeJS.ReadWriteStream;
  const resize = (size: TerminalSize) => container.resize({ h: size.rows, w: size.cols });
  // the output continues after we return: the caller starts the container next
  const ended = pump(stream, stdio, tty, interactive, resize).catch(() => undefined);
  // a container's terminal can only be sized once it runs
  const afterStart = async () => {
    const size = tty ? terminalSize(stdio.stdout) : undefined;
    if (size) await resize(size).catch(() => undefined);
  };
  return { ended, afterStart };
}
