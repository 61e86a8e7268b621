import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LifecycleFlags } from '../actions/lifecycle.js';

export function defineStart(program: Command, globals: () => GlobalOptions): void {
  program
    .command('start')
    .description('Start services')
    .argument('[services...]', 'services (default: all)')

    .action(async (services: string[], opts: LifecycleFlags) => {
      const { runLifecycle } = await import('../actions/lifecycle.js');
      await runLifecycle(globals(), 'start', services, opts);
    });
}
