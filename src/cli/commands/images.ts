import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function defineImages(program: Command, globals: () => GlobalOptions): void {
  program
    .command('images')
    .description('List images used by the created containers')
    .argument('[services...]', 'services (default: all)')
    .option('-q, --quiet', 'only display IDs')
    .option('--format <format>', 'table or json', 'table')
    .action(async (services: string[], opts: { quiet?: boolean; format?: string }) => {
      const { runImages } = await import('../actions/listing.js');
      await runImages(globals(), services, opts);
    });
}
