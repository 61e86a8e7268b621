import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { RunFlags } from '../actions/run.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function defineRun(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run')
    .description('Run a one-off command on a service')
    .argument('<service>', 'service')
    .argument('[command...]', 'command and arguments (default: the service command)')
    .option('--rm', 'remove the container when it exits')
    .option('-d, --detach', 'run in the background and print the container name')
    .option('-T, --no-TTY', 'disable pseudo-TTY allocation (the default when stdin is not a terminal)')
    .option('-i, --interactive', 'keep stdin open and attached (the default)')
    .option('--no-interactive', 'do not attach stdin')
    .option('-e, --env <KEY=VAL>', 'set an environment variable (repeatable)', collect)
    .option('--entrypoint <cmd>', 'override the entrypoint')
    .option('--no-deps', "don't start linked services")
    .option('-p, --publish <port>', 'publish a port (repeatable)', collect)
    .option('-P, --service-ports', "publish the service's ports")
    .option('-v, --volume <volume>', 'bind mount a volume (repeatable)', collect)
    .option('-w, --workdir <dir>', 'working directory')
    .option('-u, --user <user>', 'run as this user')
    .option('--name <name>', 'container name')
    .passThroughOptions()
    .action(async (service: string, command: string[], opts: RunFlags & { TTY?: boolean }) => {
      const { runRun } = await import('../actions/run.js');
      await runRun(globals(), service, command, { ...opts, T: opts.TTY === false });
    });
}
