import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LifecycleFlags } from '../actions/lifecycle.js';

export function defineStop(program: Command, globals: () => GlobalOptions): void {
  program
    .command('stop')
    .description('Stop services')
    .argument('[services...]', 'services (default: all)')
    .option('-t, --timeout <seconds>', 'shutdown timeout')
    .action(async (services: string[], opts: LifecycleFlags) => {
      const { runLifecycle } = await import('../actions/lifecycle.js');
      await runLifecycle(globals(), 'stop', services, opts);
    });
}
