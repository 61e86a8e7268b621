/**
 * `exec` and `attach` over the Engine's hijacked connections. The CLI's stdin is
 * forwarded only when asked; a TTY puts the local terminal in raw mode for the duration.
 */
import type Docker from 'dockerode';
import type { ExecOptions, Stdio } from '../runtime/runtime.js';
import { call } from './engine-error.js';
import { demuxTo, FrameParser } from './logs.js';

function defaultStdio(): Stdio {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Pipes a hijacked duplex to the given streams; resolves when the remote side ends. */
function pump(stream: NodeJS.ReadWriteStream, stdio: Stdio, tty: boolean, interactive: boolean): Promise<void> {
  const parser = new FrameParser();
  const stdin = interactive ? stdio.stdin : undefined;
  const raw = tty && stdin && 'setRawMode' in stdin && (stdin as NodeJS.ReadStream).isTTY;
  if (raw) (stdin as NodeJS.ReadStream).setRawMode(true);
  if (stdin) stdin.pipe(stream);
  return new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (tty) stdio.stdout.write(chunk);
      else demuxTo(chunk, parser, stdio.stdout, stdio.stderr);
    });
    const done = () => {
      if (stdin) {
        stdin.unpipe(stream);
        if (raw) (stdin as NodeJS.ReadStream).setRawMode(false);
        // a paused stdin must not keep the CLI alive
        stdin.pause();
      }
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
  if (o.tty && stdio.stdout === process.stdout && process.stdout.isTTY) {
    await exec.resize({ h: process.stdout.rows, w: process.stdout.columns }).catch(() => undefined);
  }
  await pump(stream, stdio, o.tty, o.interactive);
  const info = await call(`inspect exec in container ${name}`, () => exec.inspect());
  return info?.ExitCode ?? 0;
}

export async function attachTo(container: Docker.Container, name: string, stdio: Stdio, tty: boolean) {
  const interactive = stdio.stdin !== undefined;
  const stream = (await call(`attach to container ${name}`, () =>
    container.attach({ stream: true, stdin: interactive, stdout: true, stderr: true, hijack: true }),
  )) as NodeJS.ReadWriteStream;
  // the output continues after we return: the caller starts the container next
  return { ended: pump(stream, stdio, tty, interactive).catch(() => undefined) };
}
