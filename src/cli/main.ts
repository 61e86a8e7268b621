#!/usr/bin/env node
/**
 * The `compose` entry point: runs the program (program.ts) and owns the single error
 * boundary. Command modules are small and import their heavy implementations lazily,
 * so `compose config` never loads dockerode or listr2.
 */
import { buildProgram } from './program.js';
import { exitCodeFor } from './error-boundary.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return exitCodeFor(err, (line) => process.stderr.write(`${line}\n`));
  }
}

// Not a top-level await: the bundled bin is CommonJS (see scripts/bundle-cli.mjs).
// Setting exitCode rather than exiting lets stdout drain; a pipe to `head` may close early.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
