import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { DownFlags } from '../actions/down.js';
import { foldDryRun, withDryRunOption } from '../dry-run.js';

export function defineDown(program: Command, globals: () => GlobalOptions): void {
  withDryRunOption(program.command('down'))
    .description('Stop and remove containers and networks')
    .option('-v, --volumes', 'also remove named volumes and anonymous volumes')
    .option('--remove-orphans', 'remove containers of services not in the compose file')
    .option('--rmi <type>', 'remove images used by services: local or all')
    .option('-t, --timeout <seconds>', 'shutdown timeout')
    .action(async (opts: DownFlags & { dryRun?: boolean }) => {
      const { runDown } = await import('../actions/down.js');
      await runDown(foldDryRun(globals(), opts), opts);
    });
}
