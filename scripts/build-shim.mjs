#!/usr/bin/env node
// Compiles the native runtime's per-container supervisor (src/native/shim/*.c) into
// dist/native/berth-shim. Node cannot clone/setns/pivot_root/mount itself, hence C.
// Skips the compile when the binary is newer than every source, so builds stay fast.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const srcDir = join(root, 'src/native/shim');
const out = join(root, 'dist/native/berth-shim');
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c') || f.endsWith('.h')).map((f) => join(srcDir, f));
const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
const upToDate = existsSync(out) && statSync(out).mtimeMs >= newest && !process.argv.includes('--force');

const cc = process.env.CC ?? 'cc';
if (!upToDate) compile();

function compile() {
if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error(`build-shim: no C compiler (${cc}) found; install gcc and libc6-dev (scripts/ci/install-packages.sh)`);
  process.exit(1); // the build must fail loudly, not ship a runtime without its shim
}
mkdirSync(join(root, 'dist/native'), { recursive: true });
const r = spawnSync(cc, ['-O2', '-Wall', '-o', out, ...sources.filter((f) => f.endsWith('.c'))], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build-shim: compiling src/native/shim failed');
  process.exit(1); // the build must fail loudly, not ship a runtime without its shim
}
}
