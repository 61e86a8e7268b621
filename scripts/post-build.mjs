#!/usr/bin/env node
// Build steps tsc cannot do: make the CLI entry executable.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../dist/src/cli/main.js', import.meta.url).pathname;
if (existsSync(bin)) chmodSync(bin, 0o755);
