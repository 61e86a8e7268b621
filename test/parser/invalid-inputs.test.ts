/**
 * The invalid-input suite: each case runs the built CLI (`compose -f ... config -q`) in
 * a child process and must exit 1 with its first message at the expected
 * `file:line:col: path`. A second pass runs `up -d` on the Docker backend and checks
 * that no container or network of those projects came to exist.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testdir } from '../helpers/testdir.js';
import { INVALID_CASES, type InvalidCase } from './invalid-inputs.cases.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

function fileArgs(c: InvalidCase): string[] {
  return (c.composeFiles ?? Object.keys(c.files)).flatMap((f) => ['-f', f]);
}

test('the suite has at least 40 cases with distinct names', () => {
  assert.ok(INVALID_CASES.length >= 40, `only ${INVALID_CASES.length} cases`);
  assert.equal(new Set(INVALID_CASES.map((c) => c.name)).size, INVALID_CASES.length);
});

describe('config -q reports each mistake where it is', { concurrency: 2 }, () => {
  for (const c of INVALID_CASES) {
    test(c.name, async (t) => {
      const dir = testdir(c.files, t);
      const r = await run(dir, [...fileArgs(c), 'config', '-q'], c.env);
      const first = r.stderr.split('\n')[0] ?? '';
      assert.equal(r.code, 1, `exit code ${r.code}, stderr: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.ok(first.startsWith(c.expected), `expected a message starting with\n  ${c.expected}\ngot\n  ${first}`);
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  }
});

test('up -d on an invalid file starts nothing (docker backend)', async (t) => {
  const socket = '/var/run/docker.sock';
  if (!existsSync(socket)) {
    if (process.env.CI === 'true') assert.fail(`dockerd is not running (${socket} missing)`);
    t.skip(`dockerd is not running (${socket} missing)`);
    return;
  }
  const projects = new Set<string>();
  for (const c of INVALID_CASES) {
    const dir = testdir(c.files, t);
    projects.add(basename(dir).toLowerCase());
    const r = await run(dir, [...fileArgs(c), '--backend', 'docker', 'up', '-d'], c.env);
    assert.equal(r.code, 1, `${c.name}: exit code ${r.code}, stderr: ${r.stderr}`);
  }
  const label = 'com.docker.compose.project';
  const listed = await Promise.all(
    [['ps', '-a'], ['network', 'ls'], ['volume', 'ls']].map(
      (cmd) =>
        new Promise<string>((res, rej) =>
          execFile('docker', [...cmd, '--filter', `label=${label}`, '--format', `{{.Label "${label}"}}`], (e, out) => (e ? rej(e) : res(out))),
        ),
    ),
  );
  const created = listed.join('\n').split('\n').filter((p) => projects.has(p));
  assert.deepEqual(created, []);
});
