import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function defineLs(program: Command, globals: () => GlobalOptions): void {
  program
    .command('ls')
    .description('List running compose projects')
    .option('-a, --all', 'show all projects, stopped ones included')
    .option('-q, --quiet', 'only display project names')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { all?: boolean; quiet?: boolean; format?: string }) => {
      const { runLs } = await import('../actions/listing.js');
      await runLs(globals(), opts);
    });
}
