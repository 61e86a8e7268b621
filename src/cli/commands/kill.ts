import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LifecycleFlags } from '../actions/lifecycle.js';

export function defineKill(program: Command, globals: () => GlobalOptions): void {
  program
    .command('kill')
    .description('Force stop service containers')
    .argument('[services...]', 'services (default: all)')
    .option('-s, --signal <signal>', 'signal to send', 'SIGKILL')
    .action(async (services: string[], opts: LifecycleFlags) => {
      const { runLifecycle } = await import('../actions/lifecycle.js');
      await runLifecycle(globals(), 'kill', services, opts);
    });
}
