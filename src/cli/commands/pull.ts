import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function definePull(program: Command, globals: () => GlobalOptions): void {
  program
    .command('pull')
    .description('Pull service images')
    .argument('[services...]', 'services (default: all)')
    .option('-q, --quiet', 'pull without printing progress')
    .option('--ignore-pull-failures', 'pull what it can and ignore images that fail')
    .action(async (services: string[], opts: { quiet?: boolean; ignorePullFailures?: boolean }) => {
      const { runPull } = await import('../actions/listing.js');
      await runPull(globals(), services, opts);
    });
}
