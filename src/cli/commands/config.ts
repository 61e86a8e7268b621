import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

// Placeholder wiring: the parser issue replaces the action with the real `compose config`.
export function defineConfig(program: Command, globals: () => GlobalOptions): void {
  program
    .command('config')
    .description('Parse, resolve and render the compose file in canonical format')
    .option('-q, --quiet', 'only validate the configuration')
    .action(async () => {
      const { UsageError } = await import('../../errors.js');
      void globals();
      throw new UsageError('config is not implemented yet');
    });
}
