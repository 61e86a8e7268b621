#!/usr/bin/env node
// Build steps tsc cannot do: make the CLI entry executable.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
if (existsSync(bin)) chmodSync(bin, 0o755);
// Precompile the compose schema validator (start-up cost; see scripts/build-validator.mjs).
await import('./build-validator.mjs');
// Bundle the CLI into dist/cli/compose.cjs, package.json's bin (see scripts/bundle-cli.mjs).
await (await import('./bundle-cli.mjs')).bundleCli();
// Compile the native runtime's per-container shim (C; see scripts/build-shim.mjs).
await import('./build-shim.mjs');
