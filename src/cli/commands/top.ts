import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function defineTop(program: Command, globals: () => GlobalOptions): void {
  program
    .command('top')
    .description('Display the running processes')
    .argument('[services...]', 'services (default: all)')
    .action(async (services: string[]) => {
      const { runTop } = await import('../actions/listing.js');
      await runTop(globals(), services);
    });
}
