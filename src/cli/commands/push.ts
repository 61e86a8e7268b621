import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function definePush(program: Command, globals: () => GlobalOptions): void {
  program
    .command('push')
    .description('Push service images from the native image store')
    .argument('[services...]', 'services (default: all with an image)')
    .option('-q, --quiet', 'push without printing progress')
    .option('--ignore-push-failures', 'push what it can and ignore images that fail')
    .action(async (services: string[], opts: { quiet?: boolean; ignorePushFailures?: boolean }) => {
      const { runPush } = await import('../actions/push.js');
      await runPush(globals(), services, opts);
    });
}
