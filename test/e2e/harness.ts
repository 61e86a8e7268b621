/**
 * Runs the built CLI against a backend in a temp project directory, and always takes
 * the project down (with its volumes) and removes the directory afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;

export interface Backend {
  readonly name: string;
  readonly cliArgs: readonly string[];
  /** makes the test image and checks prerequisites; throws naming what is missing */
  prepare(): Promise<void>;
}

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TestProject {
  readonly name: string;
  readonly dir: string;
  compose(args: readonly string[], o?: { timeoutMs?: number; env?: Record<string, string> }): Promise<Result>;
  write(file: string, text: string): void;
}

export function runCli(args: readonly string[], cwd: string, o: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, CI: 'true', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

let counter = 0;

export function makeProject(t: TestContext, backend: Backend, label: string, yaml: string, file = 'compose.yaml'): TestProject {
  const name = `bt-${label}-${process.pid}-${counter++}`;
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  writeFileSync(join(dir, file), yaml);
  const compose = (args: readonly string[], o?: { timeoutMs?: number; env?: Record<string, string> }) =>
    runCli([...backend.cliArgs, '-p', name, ...args], dir, o);
  t.after(async () => {
    await compose(['down', '-v', '--remove-orphans', '-t', '1']);
    rmSync(dir, { recursive: true, force: true });
  });
  return { name, dir, compose, write: (f, text) => writeFileSync(join(dir, f), text) };
}

/** One container per line from `ps -a --format json`. */
export async function psJson(p: TestProject): Promise<{ Name: string; ID: string; Service: string; State: string; Health: string; ExitCode: number }[]> {
  const r = await p.compose(['ps', '-a', '--format', 'json']);
  if (r.code !== 0) throw new Error(`ps failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Fetches http://127.0.0.1:port/path with a few retries while a server comes up. */
export async function httpGet(port: number, path = '/'): Promise<string> {
  let last: unknown;
  for (let i = 0; i < 20; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return await res.text();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw last;
}
