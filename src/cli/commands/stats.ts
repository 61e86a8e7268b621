import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { StatsFlags } from '../actions/stats.js';

export function defineStats(program: Command, globals: () => GlobalOptions): void {
  program
    .command('stats')
    .description('Display a live stream of container(s) resource usage statistics')
    .argument('[services...]', 'services (default: all)')
    .option('-a, --all', 'show all containers (default shows just running)')
    .option('--format <format>', 'table, json, or a template such as "table {{.Name}}\\t{{.CPUPerc}}"', 'table')
    .option('--no-stream', 'disable streaming stats and only pull the first result')
    .option('--no-trunc', 'do not truncate output')
    .action(async (services: string[], opts: StatsFlags) => {
      const { runStats } = await import('../actions/stats.js');
      await runStats(globals(), services, opts);
    });
}
