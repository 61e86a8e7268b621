import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { UpFlags } from '../actions/up.js';
import { foldDryRun, withDryRunOption } from '../dry-run.js';

/** `scale web=3 db=1` is `up -d --scale web=3 --scale db=1 web db` */
export function defineScale(program: Command, globals: () => GlobalOptions): void {
  withDryRunOption(program.command('scale'))
    .description('Scale services')
    .argument('<service=replicas...>', 'services and their number of containers')
    .option('--no-deps', "don't start linked services")
    .action(async (entries: string[], opts: { deps: boolean; dryRun?: boolean }) => {
      const { runUp, parseScale } = await import('../actions/up.js');
      const services = Object.keys(parseScale(entries));
      const flags: UpFlags = { scale: entries, deps: opts.deps, detach: true, start: true, recreate: true, color: true, logPrefix: true };
      await runUp(foldDryRun(globals(), opts), services, flags);
    });
}
