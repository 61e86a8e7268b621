#!/usr/bin/env node
// Loading speed of the parser on the awesome-compose corpus.
//  1. in-process: median time of loadProject() per sample (all stages, schema included)
//  2. end to end: `compose config -q` against docker-compose 1.29's `config -q` on the
//     same folders, medians of several runs, and their ratio.
// Usage: node bench/parser-load.mjs [runs=7]   (after `npx tsc -p .`)
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const CORPUS = '/work/shared/corpus/awesome-compose';
const runs = Number(process.argv[2] ?? 7);
const cli = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
const { loadProject } = await import(new URL('../dist/src/parser/index.js', import.meta.url).href);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = mkdtempSync(join(tmpdir(), 'berth-bench-'));
try {
  const samples = readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'compose.yaml')) || existsSync(join(CORPUS, d, 'compose.yml')));
  for (const s of samples) cpSync(join(CORPUS, s), join(tmp, s), { recursive: true });

  // warm-up, then per-sample medians
  for (const s of samples) await loadProject({ files: [], envFiles: [], profiles: [], env: {}, cwd: join(tmp, s) });
  const perSample = [];
  for (const s of samples) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await loadProject({ files: [], envFiles: [], profiles: [], env: {}, cwd: join(tmp, s) });
      times.push(performance.now() - t0);
    }
    perSample.push(median(times));
  }
  console.log(`in-process loadProject, ${samples.length} samples x ${runs} runs`);
  console.log(`  median per sample ${median(perSample).toFixed(2)} ms, slowest ${Math.max(...perSample).toFixed(2)} ms`);

  const pick = samples.filter((_, i) => i % 8 === 0);
  const time = (cmd, args, cwd) => {
    const xs = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(cmd, args, { cwd, stdio: 'ignore', env: { ...process.env, COMPOSE_PROJECT_NAME: 'bench' } });
      xs.push(performance.now() - t0);
      if (r.status !== 0) return undefined;
    }
    return median(xs);
  };
  console.log('\nend to end, median wall time of `config -q` (ms)');
  console.log('sample'.padEnd(32) + 'berth'.padStart(9) + 'docker-compose 1.29'.padStart(22) + 'ratio'.padStart(8));
  for (const s of pick) {
    const dir = join(tmp, s);
    const ours = time(process.execPath, [cli, 'config', '-q'], dir);
    const peer = time('docker-compose', ['config', '-q'], dir);
    const fmt = (v) => (v === undefined ? 'failed' : v.toFixed(0));
    const ratio = ours !== undefined && peer !== undefined ? (ours / peer).toFixed(2) : '-';
    console.log(s.padEnd(32) + fmt(ours).padStart(9) + fmt(peer).padStart(22) + ratio.padStart(8));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
