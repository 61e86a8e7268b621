/**
 * Every kernel call networking makes goes through this small interface, so plans can be
 * applied to the real host or to a recording fake in unit tests (no root needed there).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { RuntimeError } from '../../errors.js';

export type Command = readonly string[];

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NetHost {
  /** runs a command, `input` on its stdin; a non-zero exit is returned, not thrown */
  tryRun(argv: Command, input?: string): Promise<RunResult>;
  readSysctl(key: string): Promise<string | undefined>;
  writeSysctl(key: string, value: string): Promise<void>;
}

/** Runs a command and throws a RuntimeError naming it when it fails. */
export async function run(host: NetHost, argv: Command, input?: string): Promise<string> {
  const r = await host.tryRun(argv, input);
  if (!r.ok) throw new RuntimeError(`${argv.join(' ')}: ${r.stderr.trim() || 'failed'}`);
  return r.stdout;
}

/** Applies commands in order; stops at the first failure. */
export async function applyAll(host: NetHost, commands: readonly Command[]): Promise<void> {
  for (const c of commands) await run(host, c);
}

/**
 * Applies commands in order, running consecutive `ip` commands with the same prefix (plain,
 * or under one `nsenter`) as one `ip -batch -`: a process per command is most of the cost.
 */
export async function applyBatched(host: NetHost, commands: readonly Command[]): Promise<void> {
  const prefixOf = (c: Command): Command | undefined => {
    const i = c.indexOf('ip');
    return i >= 0 && (i === 0 || c[0] === 'nsenter') ? c.slice(0, i + 1) : undefined;
  };
  for (let i = 0; i < commands.length; ) {
    const c = commands[i]!;
    const prefix = prefixOf(c);
    if (!prefix) {
      await run(host, c);
      i++;
      continue;
    }
    const key = prefix.join(' ');
    const lines: string[] = [];
    for (; i < commands.length && prefixOf(commands[i]!)?.join(' ') === key; i++) lines.push(commands[i]!.slice(prefix.length).join(' '));
    if (lines.length === 1) await run(host, c);
    else await run(host, [...prefix, '-batch', '-'], `${lines.join('\n')}\n`);
  }
}

function sysctlPath(key: string): string {
  return `/proc/sys/${key.replaceAll('.', '/')}`;
}

export const realHost: NetHost = {
  tryRun(argv, input) {
    const [file, ...args] = argv;
    return new Promise((resolve) => {
      const child = spawn(file ?? 'false', args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.stdin.on('error', () => undefined);
      child.once('error', (e) => resolve({ ok: false, stdout: '', stderr: e.message }));
      child.once('close', (code) => resolve({ ok: code === 0, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
      child.stdin.end(input ?? '');
    });
  },
  async readSysctl(key) {
    try {
      return (await readFile(sysctlPath(key), 'utf8')).trim();
    } catch {
      return undefined;
    }
  },
  async writeSysctl(key, value) {
    try {
      await writeFile(sysctlPath(key), value);
    } catch (e) {
      throw new RuntimeError(`cannot set ${sysctlPath(key)} to ${value}: ${(e as Error).message}`, { cause: e });
    }
  },
};

/**
 * A host that records every call and answers from a responder, for tests of what
 * would be run.
 */
export class RecordingHost implements NetHost {
  readonly calls: string[] = [];
  readonly sysctls = new Map<string, string>();
  constructor(private readonly respond: (line: string) => RunResult | undefined = () => undefined) {}
  async tryRun(argv: Command, input?: string): Promise<RunResult> {
    const line = argv.join(' ');
    this.calls.push(input ? `${line} <<\n${input}` : line);
    return this.respond(line) ?? { ok: true, stdout: '', stderr: '' };
  }
  async readSysctl(key: string): Promise<string | undefined> {
    return this.sysctls.get(key);
  }
  async writeSysctl(key: string, value: string): Promise<void> {
    this.calls.push(`sysctl ${key}=${value}`);
    this.sysctls.set(key, value);
  }
}
