/**
 * Every kernel call networking makes goes through this small interface, so plans can be
 * applied to the real host or to a recording fake in unit tests (no root needed there).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { RuntimeError } from '../../errors.js';

export type Command = readonly string[];

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NetHost {
  /** runs a command; a non-zero exit is returned, not thrown */
  tryRun(argv: Command): Promise<RunResult>;
  readSysctl(key: string): Promise<string | undefined>;
  writeSysctl(key: string, value: string): Promise<void>;
}

/** Runs a command and throws a RuntimeError naming it when it fails. */
export async function run(host: NetHost, argv: Command): Promise<string> {
  const r = await host.tryRun(argv);
  if (!r.ok) throw new RuntimeError(`${argv.join(' ')}: ${r.stderr.trim() || 'failed'}`);
  return r.stdout;
}

/** Applies commands in order; stops at the first failure. */
export async function applyAll(host: NetHost, commands: readonly Command[]): Promise<void> {
  for (const c of commands) await run(host, c);
}

function sysctlPath(key: string): string {
  return `/proc/sys/${key.replaceAll('.', '/')}`;
}

export const realHost: NetHost = {
  tryRun(argv) {
    const [file, ...args] = argv;
    return new Promise((resolve) => {
      execFile(file ?? 'false', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) || (error ? error.message : '') });
      });
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
  async tryRun(argv: Command): Promise<RunResult> {
    const line = argv.join(' ');
    this.calls.push(line);
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
