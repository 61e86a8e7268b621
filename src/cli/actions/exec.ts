/** `compose exec`: a command in a running service container; its exit code is ours. */
import { ExitCode, UsageError } from '../../errors.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession } from './context.js';

export interface ExecFlags {
  T?: boolean;
  env?: string[];
  user?: string;
  workdir?: string;
  detach?: boolean;
  index?: string;
  privileged?: boolean;
}

/** `-e K=V` sets; `-e K` passes the caller's K through when set. */
export function parseEnvFlags(entries: readonly string[] = [], env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i > 0) out[e.slice(0, i)] = e.slice(i + 1);
    else if (env[e] !== undefined) out[e] = env[e] as string;
  }
  return out;
}

export async function runExec(globals: GlobalOptions, service: string, command: string[], f: ExecFlags): Promise<void> {
  const index = f.index === undefined ? 1 : Number(f.index);
  if (!Number.isInteger(index) || index < 1) throw new UsageError(`invalid --index "${f.index}": expected a positive whole number`);
  if (command.length === 0) throw new UsageError('exec needs a command to run');
  const code = await withSession(globals, { needFile: false, services: [service], title: 'exec', progress: 'quiet' }, async (s) => {
    const c = (await projectContainers(s, [service])).find((x) => x.number === index);
    if (!c || c.state !== 'running') throw new UsageError(`service "${service}" is not running container #${index}`);
    // as Docker Compose: a TTY whenever stdin is a terminal, unless -T (output redirected still gets CRLF)
    const tty = !f.T && !f.detach && process.stdin.isTTY === true;
    return s.runtime.exec(c.id, {
      command,
      tty,
      interactive: !f.detach,
      detach: f.detach ?? false,
      env: parseEnvFlags(f.env, globals.env),
      ...(f.user !== undefined ? { user: f.user } : {}),
      ...(f.workdir !== undefined ? { workdir: f.workdir } : {}),
    });
  });
  if (code !== 0) throw new ExitCode(code);
}
