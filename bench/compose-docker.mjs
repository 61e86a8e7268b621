#!/usr/bin/env node
// `up -d` and `down` wall time of Berth's docker backend against docker-compose 1.29 on the
// same daemon, for: the classic three-service v1 stack, 10 and 50 independent services,
// and a 10-service depends_on chain. Runs alternate between the tools; medians are compared.
// Usage: node bench/compose-docker.mjs [runs=3]   (needs dockerd, docker-compose and `npm run build`)
// It times the bin users run (dist/cli/compose.cjs, package.json's bin).
// BERTH_CLI=/path/to/compose.cjs times another build (e.g. a snapshot of dist/ while it is rebuilt);
// BENCH_ONLY=<substring> runs only the scenarios whose name contains it.
// BERTH_BASELINE=/path/to/main.js also times an earlier build in the same rotation (a before/after
// from one run, against the same docker-compose figures).
import { execFileSync, spawnSync } from 'node:child_process';
import { binCommand } from './bin-command.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 3);
const cli = process.env.BERTH_CLI ?? new URL('../dist/cli/compose.cjs', import.meta.url).pathname;
const image = 'berth-test/busybox:1';
const service = (extra = '') =>
  `    image: ${image}\n    command: ["httpd", "-f", "-p", "80", "-h", "/www"]\n    stop_signal: SIGKILL\n${extra}`;

// the classic stack: rproxy links web, web links db; `indent` nests it under `services:`
const linkedStack = (indent) =>
  ['rproxy', 'web', 'db']
    .map((s, i, all) => [`${s}:`, `  image: ${image}`, '  command: ["httpd", "-f", "-p", "80", "-h", "/www"]', '  stop_signal: SIGKILL',
      ...(all[i + 1] ? [`  links: ["${all[i + 1]}"]`] : []), ...(s === 'rproxy' ? ['  ports: ["15000:80"]'] : [])])
    .flat()
    .map((line) => `${indent}${line}\n`)
    .join('');

const scenarios = {
  'v1 stack (3, links)': [linkedStack('')],
  // Informational. For a v1 file docker-compose 1.29 uses Docker's default bridge and legacy
  // links; Berth puts v1 services on a project network, where links are DNS aliases, and
  // dockerd sets up its embedded DNS in every container started there (~170 ms a start
  // here). The same stack as a 2.4 file puts docker-compose on a project network too.
  'v1 stack as a 2.4 file (informational: both tools on a project network)': [`version: "2.4"\nservices:\n${linkedStack('  ')}`],
  '10 independent': [`version: "2.4"\nservices:\n${Array.from({ length: 10 }, (_, i) => `  s${i}:\n${service()}`).join('')}`],
  '50 independent': [`version: "2.4"\nservices:\n${Array.from({ length: 50 }, (_, i) => `  s${i}:\n${service()}`).join('')}`],
  '10 chain': [
    `version: "2.4"\nservices:\n${Array.from({ length: 10 }, (_, i) => `  s${i}:\n${service(i ? `    depends_on: [s${i - 1}]\n` : '')}`).join('')}`,
  ],
};

function ensureImage() {
  if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0) return;
  execFileSync(process.execPath, ['-e', `import(${JSON.stringify(new URL('../dist/test/e2e/test-image.js', import.meta.url).href)}).then((m) => m.ensureTestImage())`], { stdio: 'inherit' });
}

function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  // a loaded daemon can be slow to answer: give docker-compose the time Berth gets
  const env = { ...process.env, CI: 'true', COMPOSE_HTTP_TIMEOUT: '600' };
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed: ${String(r.stderr).slice(-500)}\n`);
    return NaN;
  }
  return ms;
}

const baseline = process.env.BERTH_BASELINE;
const tools = {
  berth: (p, verb) => binCommand(cli, ['--backend', 'docker', '-p', p, ...verb]),
  'docker-compose': (p, verb) => ['docker-compose', ['-p', p, ...verb]],
  ...(baseline ? { baseline: (p, verb) => binCommand(baseline, ['--backend', 'docker', '-p', p, ...verb]) } : {}),
};
const names = Object.keys(tools);

const median = (xs) => {
  const ok = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return ok.length ? ok[Math.floor(ok.length / 2)] : NaN;
};

ensureImage();
const rows = [];
// the machine may be shared: the load next to each scenario says how much to trust it
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const only = process.env.BENCH_ONLY;
for (const [name, [yaml]] of Object.entries(scenarios)) {
  if (only && !name.includes(only)) continue;
  const dir = mkdtempSync(join(tmpdir(), 'bt-bench-'));
  writeFileSync(join(dir, 'docker-compose.yml'), yaml);
  const times = Object.fromEntries(names.map((t) => [t, { up: [], down: [] }]));
  const loadBefore = load();
  try {
    for (let r = 0; r < runs; r++) {
      // rotate who goes first, so no tool always runs right after the same one
      for (const tool of names.map((_, i) => names[(i + r) % names.length])) {
        const project = `bt-bench-${process.pid}`;
        const [c1, a1] = tools[tool](project, ['up', '-d']);
        times[tool].up.push(timed(c1, a1, dir));
        const [c2, a2] = tools[tool](project, ['down']);
        times[tool].down.push(timed(c2, a2, dir));
      }
    }
  } finally {
    // Berth takes a project down from its labels alone, whoever brought it up
    spawnSync(process.execPath, [cli, '--backend', 'docker', '-p', `bt-bench-${process.pid}`, 'down'], { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
  for (const verb of ['up', 'down']) {
    const b = median(times.berth[verb]);
    const d = median(times['docker-compose'][verb]);
    const row = [name, verb === 'up' ? 'up -d' : 'down', b.toFixed(0), d.toFixed(0), (d / b).toFixed(2), verb === 'up' ? loadBefore : load()];
    if (baseline) {
      const base = median(times.baseline[verb]);
      row.push(base.toFixed(0), (d / base).toFixed(2));
    }
    rows.push(row);
    process.stderr.write(`${rows.at(-1).join('  ')}\n`);
  }
}
const header = ['scenario', 'verb', 'berth ms', 'docker-compose ms', 'speed-up', 'load (1/5/15 min)', ...(baseline ? ['baseline ms', 'baseline speed-up'] : [])];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log(`median of ${runs} run(s); speed-up = docker-compose / berth (>1 means berth is faster)`);
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
