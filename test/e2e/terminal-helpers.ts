/**
 * Shell pipelines around the built CLI for terminal and stdin tests: `echo hi | compose exec -T
 * web cat`, or a command inside a real terminal made by `script` (util-linux), whose size is set
 * with stty first. `script -e` returns the command's exit code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { CLI, type Backend, type Result, type TestProject } from './harness.js';

export const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** the CLI invocation for a project, quoted for sh */
export function composeLine(backend: Backend, p: TestProject, args: readonly string[]): string {
  return [process.execPath, CLI, ...backend.cliArgs, '-p', p.name, ...args].map(q).join(' ');
}

/**
 * the line run in a fresh terminal of rows x cols. runShell keeps script's stdin open: at EOF
 * script would type a stray character into the terminal (NUL when its stdin is no terminal).
 */
export function inTerminal(line: string, rows = 30, cols = 90): string {
  return `script -qec ${q(`stty rows ${rows} cols ${cols}; ${line}`)} /dev/null`;
}

export function scriptMissing(): string | undefined {
  return spawnSync('script', ['-V'], { stdio: 'ignore' }).status === 0 ? undefined : 'script (util-linux, package bsdutils)';
}

/** stdin stays an open pipe until the shell exits; `input` is written to it (typed, inside script) */
export function runShell(p: TestProject, script: string, timeoutMs = 60_000, input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd: p.dir, env: { ...process.env, CI: 'true' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined);
    if (input !== undefined) child.stdin.write(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
