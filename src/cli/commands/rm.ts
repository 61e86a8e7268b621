import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LifecycleFlags } from '../actions/lifecycle.js';

export function defineRm(program: Command, globals: () => GlobalOptions): void {
  program
    .command('rm')
    .description('Remove stopped service containers')
    .argument('[services...]', 'services (default: all)')
    .option('-f, --force', "don't ask to confirm removal")
    .option('-s, --stop', 'stop the containers first if needed')
    .option('-v, --volumes', 'remove anonymous volumes attached to containers')
    .action(async (services: string[], opts: LifecycleFlags) => {
      const { runLifecycle } = await import('../actions/lifecycle.js');
      await runLifecycle(globals(), 'rm', services, opts);
    });
}
