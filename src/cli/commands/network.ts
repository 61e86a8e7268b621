import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import { UsageError } from '../../errors.js';

/** `network create|ls|rm`: networks outside a project, for `external: true` (native backend). */
export function defineNetwork(program: Command, globals: () => GlobalOptions): void {
  const nativeOnly = () => {
    if (globals().backend !== 'native') throw new UsageError('compose network manages native networks: use `docker network` with the docker backend');
  };
  const network = program.command('network').description('Manage networks of the native backend');
  network
    .command('create')
    .description('Create a network')
    .argument('<name>', 'network name')
    .option('--internal', 'no access to or from outside the network')
    .option('--subnet <cidr>', 'subnet, e.g. 10.50.0.0/24 (default: from the address pools)')
    .option('--gateway <ip>', 'gateway address in the subnet')
    .option('--label <key=value...>', 'labels')
    .action(async (name: string, opts: { internal?: boolean; subnet?: string; gateway?: string; label?: string[] }) => {
      nativeOnly();
      const { networkCreate } = await import('../../native/network/verbs.js');
      process.stdout.write(`${await networkCreate(name, opts, process.env)}\n`);
    });
  network
    .command('ls')
    .description('List networks')
    .action(async () => {
      nativeOnly();
      const { networkList } = await import('../../native/network/verbs.js');
      process.stdout.write(`${networkList(process.env)}\n`);
    });
  network
    .command('rm')
    .description('Remove networks')
    .argument('<name...>', 'network names')
    .action(async (names: string[]) => {
      nativeOnly();
      const { networkRemove } = await import('../../native/network/verbs.js');
      await networkRemove(names, process.env);
    });
}
