import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LogsFlags } from '../actions/logs.js';

export function defineLogs(program: Command, globals: () => GlobalOptions): void {
  program
    .command('logs')
    .description('View output from containers')
    .argument('[services...]', 'services (default: all)')
    .option('-f, --follow', 'follow log output')
    .option('-n, --tail <lines>', 'number of lines from the end of each log, or all', 'all')
    .option('-t, --timestamps', 'show timestamps')
    .option('--since <time>', 'logs since a timestamp or a relative time (e.g. 42m)')
    .option('--no-color', 'monochrome output')
    .option('--no-log-prefix', "don't print the prefix in logs")
    .action(async (services: string[], opts: LogsFlags) => {
      const { runLogs } = await import('../actions/logs.js');
      await runLogs(globals(), services, opts);
    });
}
