#!/usr/bin/env node
// Runs every compiled test file under dist/test with node's own test runner.
// Node 20's runner does not expand globs, so the file list is gathered here.
// Usage: run-tests.mjs [--unit] [substring...]
//   --unit     only suites that need no root, daemon or registry (dist/test/**/ but not e2e/)
//   substring  only files whose path contains one of the substrings
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
const root = new URL('../dist/test/', import.meta.url).pathname;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

let files = walk(root);
if (unitOnly) files = files.filter((f) => !relative(root, f).startsWith('e2e/'));
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Suites that touch the kernel, dockerd or a registry share machine-wide state, so
// files run one at a time; tests inside a file may still run concurrently.
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
