import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { VERSION } from '../../version.js';

export function defineVersion(program: Command, _globals: () => GlobalOptions): void {
  program
    .command('version')
    .description('Show the Berth version information')
    .option('--format <format>', 'pretty or json', 'pretty')
    .option('--short', 'only the version number')
    .action((opts: { format: string; short?: boolean }) => {
      if (opts.short) process.stdout.write(`${VERSION}\n`);
      else if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ version: VERSION })}\n`);
      else process.stdout.write(`Berth compose version v${VERSION}\n`);
    });
}
