#!/usr/bin/env node
/**
 * The `compose` entry point: wires commander, resolves global options once, and
 * owns the single error boundary. Command modules are small and import their heavy
 * implementations lazily, so `compose config` never loads dockerode or listr2.
 */
import { Command, Option } from 'commander';
import { exitCodeFor } from './error-boundary.js';
import { resolveGlobalOptions, type GlobalOptions, type RawGlobalFlags } from './global-options.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../version.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function buildProgram(): Command {
  const program = new Command('compose');
  program
    .description('Define and run multi-container applications, with or without a Docker daemon')
    .version(VERSION, '-v, --version')
    .option('-f, --file <path>', 'compose configuration file (repeatable; "-" reads stdin)', collect)
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <dir>', 'alternate working directory (default: the first file\'s directory)')
    .option('--env-file <path>', 'alternate environment file (repeatable)', collect)
    .option('--profile <name>', 'enable a profile (repeatable)', collect)
    .addOption(new Option('--progress <mode>', 'progress output').choices(['auto', 'tty', 'plain', 'json', 'quiet']))
    .addOption(new Option('--ansi <when>', 'control characters').choices(['auto', 'never', 'always']))
    .addOption(new Option('--backend <name>', 'container backend (default: native)').choices(['native', 'docker']))
    .option('--parallel <n>', 'maximum parallelism (-1 for unlimited)')
    .option('--dry-run', 'show what would be done without doing it')
    .showHelpAfterError()
    .exitOverride()
    // global flags go before the verb, so that `exec`/`run` pass their command's flags through untouched
    .enablePositionalOptions();

  let resolved: GlobalOptions | undefined;
  const globals = (): GlobalOptions => {
    resolved ??= resolveGlobalOptions(program.opts<RawGlobalFlags>(), process.env, process.cwd());
    return resolved;
  };
  for (const define of COMMANDS) define(program, globals);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
