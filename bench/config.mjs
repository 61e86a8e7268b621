#!/usr/bin/env node
// `compose config` wall time and peak memory, including process start-up.
//  - files: the classic three-service v1 file (examples/legacy-v1) and a generated
//    1000-service file (ports, volumes, env, healthchecks, depends_on chains)
//  - variants: the bundled bin users run (dist/cli/compose.cjs, package.json `bin`, run as a
//    program, and as `node compose.cjs`) with the
//    build-time precompiled schema validator, against compiling the schema at start-up
//    (BERTH_SCHEMA_RUNTIME_COMPILE=1) and against the unbundled tsc output
//    (dist/src/cli/main.js); plain `node -e ''` as the start-up floor, and docker-compose
//    1.29 `config` on the same file as the peer
//  - figures: median of N runs (default 7) of wall ms and peak RSS (/usr/bin/time %M), and
//    the ratio to `node -e ''` measured in the same run (other load on the machine moves
//    both, so the ratio is steadier than the milliseconds)
// Goals: < 150 ms for the small file, < 600 ms for 1000 services.
// Usage: npm run build && node bench/config.mjs [runs=7]
//   BERTH_BASELINE_CLI=<path to another build's CLI entry> adds it as a variant
import { existsSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { binCommand } from './bin-command.mjs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? 7);
const root = process.env.BERTH_ROOT ?? new URL('../', import.meta.url).pathname;
const cli = process.env.BERTH_CLI ?? join(root, 'dist/cli/compose.cjs');
const unbundled = join(root, 'dist/src/cli/main.js');
// another build's CLI to compare with in the same runs (e.g. an older checkout's dist/src/cli/main.js)
const baseline = process.env.BERTH_BASELINE_CLI;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function generate(n) {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: registry.local:5000/team/app${i % 10}:1.${i % 7}`,
      `    command: ["serve", "--port", "80", "--id", "${i}"]`,
      `    ports: ["${20000 + i}:80"]`,
      `    environment:`,
      `      ID: "${i}"`,
      `      MODE: production`,
      `    volumes: ["data${i % 20}:/data", "./conf/${i}:/etc/app:ro"]`,
      `    healthcheck: {test: "wget -q -O- localhost", interval: 30s, timeout: 5s, retries: 3}`,
      `    mem_limit: 256m`,
      ...(i > 0 && i % 10 !== 0 ? [`    depends_on: [svc${i - 1}]`] : []),
    );
  }
  lines.push('volumes:');
  for (let v = 0; v < 20; v++) lines.push(`  data${v}: {}`);
  return `${lines.join('\n')}\n`;
}

function once(cmd, args, cwd, env) {
  const t0 = performance.now();
  // a variable set to null is removed from the environment
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== null));
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, env: merged, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) return { error: (r.stderr || '').split('\n').slice(-3).join(' ').trim() };
  return { ms, rss: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

/**
 * Runs the variants round-robin (one run of each, N times, after one warm-up round), so a
 * burst of load from elsewhere on the machine hits every variant alike and the ratios hold.
 */
function measureAll(variants, cwd) {
  const samples = variants.map(() => ({ walls: [], rss: [], error: undefined }));
  for (let i = 0; i < runs + 1; i++) {
    variants.forEach(([, cmd, args, env], v) => {
      const s = samples[v];
      if (s.error) return;
      const r = once(cmd, args, cwd, env);
      if (r.error) s.error = r.error;
      else if (i > 0) {
        s.walls.push(r.ms);
        s.rss.push(r.rss);
      }
    });
  }
  return samples.map((s) => (s.error ? { error: s.error } : { wall: median(s.walls), rss: median(s.rss) }));
}

const tmp = mkdtempSync(join(tmpdir(), 'berth-bench-config-'));
try {
  const small = join(tmp, 'small');
  const big = join(tmp, 'big');
  spawnSync('mkdir', ['-p', small, big]);
  copyFileSync(join(root, 'examples/legacy-v1/docker-compose.yml'), join(small, 'docker-compose.yml'));
  writeFileSync(join(big, 'docker-compose.yml'), generate(1000));
  const peer = ['docker-compose', '/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((p) => p.includes('/') ? existsSync(p) : spawnSync('which', [p]).status === 0);

  const rows = [];
  for (const [label, dir, goal] of [['legacy-v1 (3 services)', small, 150], ['generated (1000 services)', big, 600]]) {
    const variants = [
      // the bin run as a program, as `compose` on PATH or npx runs it (its shell line decides
      // how node starts: src/cli/launcher.cjs)
      ['berth config (the bin, as installed)', cli, ['config'], {}],
      ['berth config (schema compiled at start-up)', cli, ['config'], { BERTH_SCHEMA_RUNTIME_COMPILE: '1' }],
      ['berth config -q', cli, ['config', '-q'], {}],
      ['berth config, as `node compose.cjs`', process.execPath, [cli, 'config'], {}],
      ['berth config (unbundled tsc output)', process.execPath, [unbundled, 'config'], {}],
      ...(baseline ? [[`baseline: ${baseline}`, ...binCommand(baseline, ['config']), {}]] : []),
      ['node -e "" (start-up floor)', process.execPath, ['-e', ''], {}],
      // NODE_EXTRA_CA_CERTS makes every node process read and parse that bundle at start-up
      // (about 40 ms here), before any of Berth runs; where it is set, show both
      ...(process.env.NODE_EXTRA_CA_CERTS
        ? [
            ['berth config, without NODE_EXTRA_CA_CERTS', cli, ['config'], { NODE_EXTRA_CA_CERTS: null }],
            ['node -e "", without NODE_EXTRA_CA_CERTS', process.execPath, ['-e', ''], { NODE_EXTRA_CA_CERTS: null }],
          ]
        : []),
      ...(peer ? [['docker-compose 1.29 config', peer, ['config'], {}]] : []),
    ];
    const measured = measureAll(variants, dir);
    const results = variants.map(([name], i) => ({ name, ...measured[i] }));
    const base = results[0];
    const floor = results.find((r) => r.name.startsWith('node -e'));
    for (const r of results) {
      rows.push({
        file: label,
        command: r.name,
        'median ms': r.error ? 'failed' : r.wall.toFixed(0),
        'peak MiB': r.error ? '' : r.rss.toFixed(1),
        'vs berth': r.error || !base.wall ? '' : `${(r.wall / base.wall).toFixed(2)}x`,
        'vs node -e': r.error || !floor?.wall ? '' : `${(r.wall / floor.wall).toFixed(2)}x`,
        goal: r === base || r.name.startsWith('berth config, without') ? `< ${goal} ms: ${r.wall < goal ? 'met' : 'MISSED'}` : '',
        ...(r.error ? { error: r.error.slice(0, 80) } : {}),
      });
    }
  }
  console.log(`compose config, median of ${runs} runs each (after one warm-up run); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (process.env.NODE_EXTRA_CA_CERTS) console.log(`NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS} is set in this environment`);
  console.table(rows);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
