import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { PsFlags } from '../actions/ps.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function definePs(program: Command, globals: () => GlobalOptions): void {
  program
    .command('ps')
    .description('List containers')
    .argument('[services...]', 'services (default: all)')
    .option('--format <format>', 'table or json', 'table')
    .option('-q, --quiet', 'only display IDs')
    .option('-a, --all', 'show all containers, stopped ones included')
    .option('--services', 'display services')
    .option('--status <status>', 'filter by status (repeatable)', collect)
    .action(async (services: string[], opts: PsFlags) => {
      const { runPs } = await import('../actions/ps.js');
      await runPs(globals(), services, opts);
    });
}
