import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { UpFlags } from '../actions/up.js';
import { foldDryRun, withDryRunOption } from '../dry-run.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `create` is `up --no-start`: the same plan, containers left created */
export function defineCreate(program: Command, globals: () => GlobalOptions): void {
  withDryRunOption(program.command('create'))
    .description('Creates containers for a service')
    .argument('[services...]', 'services to create (and their dependencies)')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', "don't recreate containers that exist")
    .option('--remove-orphans', 'remove containers of services not in the compose file')
    .option('--scale <service=num>', 'scale a service (repeatable)', collect)
    .option('--pull <policy>', 'pull images: always, missing, never', undefined)
    .option('--quiet-pull', 'pull without printing progress')
    .action(async (services: string[], opts: Partial<UpFlags> & { recreate: boolean; dryRun?: boolean }) => {
      const { runUp } = await import('../actions/up.js');
      const flags: UpFlags = { ...opts, deps: true, start: false, detach: true, color: true, logPrefix: true };
      await runUp(foldDryRun(globals(), opts), services, flags);
    });
}
