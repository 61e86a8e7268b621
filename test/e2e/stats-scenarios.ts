/**
 * `compose stats` end to end, written once for every backend: a container burning CPU,
 * one idling, figures read back through --format json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeProject, runCli, type Backend, type TestProject } from './harness.js';
import { TEST_IMAGE } from './test-image.js';

interface Row {
  ID: string;
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

const YAML = `
services:
  burn:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "while :; do :; done"]
    mem_limit: 64m
    stop_signal: SIGKILL
  idle:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`;

const rows = (stdout: string): Row[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);

/** "1.5MiB" -> bytes */
function bytes(text: string): number {
  const m = /^([\d.]+)([KMGT]i)?B$/.exec(text.trim());
  assert.ok(m, `a size: ${text}`);
  const scale = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * scale;
}

async function stats(p: TestProject, args: readonly string[]): Promise<Row[]> {
  const r = await p.compose(['stats', '--no-stream', '--format', 'json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return rows(r.stdout);
}

export function defineStatsScenarios(backend: Backend): void {
  let ready: Promise<void> | undefined;
  const prepare = () => (ready ??= backend.prepare());
  const opts = { timeout: 120_000 };

  test(`${backend.name}: stats shows a busy container's CPU, its memory against mem_limit, and its pids`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'stats', YAML);
    const up = await p.compose(['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    const list = await stats(p, []);
    assert.deepEqual(list.map((r) => r.Name), [`${p.name}-burn-1`, `${p.name}-idle-1`]);
    const burn = list[0] as Row;
    assert.ok(Number.parseFloat(burn.CPUPerc) > 0, `CPU % of a busy loop: ${burn.CPUPerc}`);
    assert.ok(Number(burn.PIDs) >= 1, `pids: ${burn.PIDs}`);
    const [usage = '', limit = ''] = burn.MemUsage.split(' / ');
    assert.ok(bytes(usage) > 0, `memory usage: ${burn.MemUsage}`);
    assert.equal(bytes(limit), 64 * 2 ** 20);
    assert.match(burn.MemPerc, /^\d+\.\d\d%$/);
    assert.match(burn.NetIO, /^\S+B \/ \S+B$/);
    assert.match(burn.BlockIO, /^\S+B \/ \S+B$/);
    assert.equal(burn.ID.length, 12);
    // the idle one has no limit: the host's memory stands in, as with Docker
    const idle = list[1] as Row;
    assert.ok(bytes(idle.MemUsage.split(' / ')[1] ?? '') > 64 * 2 ** 20, idle.MemUsage);

    // services narrow it; --no-trunc gives the full id
    const one = await stats(p, ['--no-trunc', 'burn']);
    assert.deepEqual(one.map((r) => r.Name), [`${p.name}-burn-1`]);
    assert.ok((one[0]?.ID.length ?? 0) > 12);

    // the default table, with the docker stats header
    const table = await p.compose(['stats', '--no-stream']);
    assert.equal(table.code, 0, table.stderr);
    const [header, ...lines] = table.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^CONTAINER ID +NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +NET I\/O +BLOCK I\/O +PIDS$/);
    assert.equal(lines.length, 2);

    // a stopped container shows only with --all, and as zeros
    assert.equal((await p.compose(['stop', 'idle'])).code, 0);
    assert.deepEqual((await stats(p, [])).map((r) => r.Name), [`${p.name}-burn-1`]);
    const all = await stats(p, ['--all']);
    assert.deepEqual(all.map((r) => r.Name), [`${p.name}-burn-1`, `${p.name}-idle-1`]);
    assert.equal(all[1]?.CPUPerc, '0.00%');
    assert.equal(all[1]?.PIDs, '0');
  });

  test(`${backend.name}: stats streams a new sample every second until stopped`, opts, async (t) => {
    await prepare();
    const p = makeProject(t, backend, 'stream', YAML);
    assert.equal((await p.compose(['up', '-d', 'burn'])).code, 0);
    // killed after a while: what it printed until then is what a user saw
    const r = await runCli([...backend.cliArgs, '-p', p.name, 'stats', '--format', 'json'], p.dir, { timeoutMs: 4500 });
    const samples = rows(r.stdout).filter((x) => x.Name === `${p.name}-burn-1`);
    assert.ok(samples.length >= 2, `samples in 4.5 s: ${samples.length}\n${r.stderr}`);
    assert.ok(samples.every((x) => Number.parseFloat(x.CPUPerc) > 0), samples.map((x) => x.CPUPerc).join(' '));
  });
}
