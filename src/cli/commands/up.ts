import { Option, type Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { AttachFlag, UpFlags } from '../actions/up.js';
import { foldDryRun, withDryRunOption } from '../dry-run.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];
// --attach and --no-attach share one attribute in commander; entries are tagged instead
const tagged = (kind: 'attach' | 'skip') => (v: string, prev: unknown) =>
  [...(Array.isArray(prev) ? (prev as AttachFlag[]) : []), kind === 'attach' ? { attach: v } : { skip: v }];

export function defineUp(program: Command, globals: () => GlobalOptions): void {
  withDryRunOption(program.command('up'))
    .description('Create and start containers')
    .argument('[services...]', 'services to bring up (and their dependencies)')
    .option('-d, --detach', 'run containers in the background')
    .option('--wait', 'wait for services to be running and healthy (implies -d)')
    .option('--wait-timeout <seconds>', 'maximum time to wait with --wait')
    .option('--abort-on-container-exit', 'stop all containers if any container exits')
    .option('--abort-on-container-failure', 'stop all containers if any container exits with a failure')
    .option('--exit-code-from <service>', "return this service's exit code (implies --abort-on-container-exit)")
    .option('--no-deps', "don't start linked services")
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', "don't recreate containers that exist")
    .option('--no-start', "don't start the services after creating them")
    .option('--remove-orphans', 'remove containers of services not in the compose file')
    .option('--scale <service=num>', 'scale a service (repeatable)', collect)
    .option('-t, --timeout <seconds>', 'shutdown timeout')
    .option('--pull <policy>', 'pull images: always, missing, never', undefined)
    .option('--quiet-pull', 'pull without printing progress')
    .option('--no-color', 'monochrome output')
    .option('--no-log-prefix', "don't print the container name in logs")
    .option('--timestamps', 'show timestamps')
    .addOption(new Option('--attach <service>', 'attach only to these services (repeatable)').argParser(tagged('attach')))
    .addOption(new Option('--no-attach <service>', "don't attach to this service (repeatable)").argParser(tagged('skip')))
    .action(async (services: string[], opts: UpFlags & { dryRun?: boolean }) => {
      const { runUp } = await import('../actions/up.js');
      await runUp(foldDryRun(globals(), opts), services, opts);
    });
}
