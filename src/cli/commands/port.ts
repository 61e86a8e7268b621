import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export function definePort(program: Command, globals: () => GlobalOptions): void {
  program
    .command('port')
    .description('Print the public port for a port binding')
    .argument('<service>', 'service')
    .argument('<private_port>', 'container port')
    .option('--protocol <proto>', 'tcp or udp', 'tcp')
    .option('--index <n>', 'index of the container if the service has several', '1')
    .action(async (service: string, port: string, opts: { protocol?: string; index?: string }) => {
      const { runPort } = await import('../actions/listing.js');
      await runPort(globals(), service, port, opts);
    });
}
