import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';

/**
 * `--dry-run` is global, but people write it after the verb too (`compose up --dry-run`),
 * as Docker Compose accepts. Verbs that change things declare it again and fold it in.
 */
export function withDryRunOption(command: Command): Command {
  return command.option('--dry-run', 'show the plan without changing anything');
}

export function foldDryRun(globals: GlobalOptions, opts: { dryRun?: boolean }): GlobalOptions {
  return opts.dryRun && !globals.dryRun ? { ...globals, dryRun: true } : globals;
}
