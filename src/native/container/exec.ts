/**
 * exec: `berth-shim exec` joins the container's namespaces and cgroup and runs the command
 * with the container's user, environment and working directory unless the caller overrides
 * them. The exit code is the command's. With a TTY the helper allocates a terminal in the
 * container's devpts (`-t <rows>x<cols>`) and speaks frames on its stdin (terminal-session.ts);
 * without one the CLI's stdin is the command's stdin, so its end is the command's EOF.
 */
import { spawn } from 'node:child_process';
import type { ExecOptions } from '../../runtime/runtime.js';
import { RuntimeError } from '../../errors.js';
import type { TerminalSize } from '../../runtime/terminal.js';
import type { ContainerRecord } from '../state/container-record.js';
import { readImageFile, resolveUser } from './user.js';
import { startSession } from './terminal-session.js';

/** terminal: the size to start with when the command gets a TTY (0x0 when unknown) */
export function execArgs(
  dir: string, pid: number, record: ContainerRecord,
  options: Pick<ExecOptions, 'command' | 'env' | 'user' | 'workdir'> & { terminal?: TerminalSize },
): string[] {
  const user = options.user
    ? resolveUser(options.user, [], { passwd: readImageFile(record.layerDirs, 'etc/passwd'), group: readImageFile(record.layerDirs, 'etc/group') })
    : { uid: record.uid, gid: record.gid, groups: record.groups };
  const env = new Map<string, string>();
  for (const kv of [...record.env, ...Object.entries(options.env).map(([k, v]) => `${k}=${v}`)]) {
    const i = kv.indexOf('=');
    env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  return [
    'exec', dir, String(pid),
    '-u', String(user.uid), '-g', String(user.gid),
    ...user.groups.flatMap((g) => ['-G', String(g)]),
    '-w', options.workdir ?? record.cwd,
    ...[...env].flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...(options.terminal ? ['-t', `${options.terminal.rows}x${options.terminal.cols}`] : []),
    '--', ...options.command,
  ];
}

export async function execInContainer(shimPath: string, args: readonly string[], options: ExecOptions): Promise<number> {
  if (options.detach) {
    const child = spawn(shimPath, args, { detached: true, stdio: 'ignore' });
    child.unref();
    return 0;
  }
  if (options.tty) return execWithTerminal(shimPath, args, options);
  const stdio = options.stdio;
  const child = spawn(shimPath, args, {
    stdio: [stdio ? (stdio.stdin && options.interactive ? 'pipe' : 'ignore') : options.interactive ? 'inherit' : 'ignore', stdio ? 'pipe' : 'inherit', stdio ? 'pipe' : 'inherit'],
  });
  if (stdio) {
    if (stdio.stdin && child.stdin) stdio.stdin.pipe(child.stdin);
    child.stdout?.pipe(stdio.stdout, { end: false });
    child.stderr?.pipe(stdio.stderr, { end: false });
  }
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new RuntimeError(`exec in container: ${err.message}`, { cause: err })));
    child.once('close', (code, sig) => resolve(code ?? (sig ? 128 + (signalNumber(sig) ?? 0) : 1)));
  });
}

async function execWithTerminal(shimPath: string, args: readonly string[], options: ExecOptions): Promise<number> {
  const stdio = options.stdio ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const child = spawn(shimPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // the helper's own complaints; the command's stderr is the terminal
  child.stderr.pipe(stdio.stderr, { end: false });
  const session = startSession(child.stdin, child.stdout, { stdio, tty: true, input: options.interactive });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', (err) => reject(new RuntimeError(`exec in container: ${err.message}`, { cause: err })));
    child.once('close', (c, sig) => resolve(c ?? (sig ? 128 + (signalNumber(sig) ?? 0) : 1)));
  });
  await session.ended;
  return code;
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  return (
    { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>
  )[sig];
}
