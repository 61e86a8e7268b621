import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { ExecFlags } from '../actions/exec.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function defineExec(program: Command, globals: () => GlobalOptions): void {
  program
    .command('exec')
    .description('Execute a command in a running container')
    .argument('<service>', 'service')
    .argument('<command...>', 'command and arguments')
    .option('-T, --no-TTY', 'disable pseudo-TTY allocation (the default when stdin is not a terminal)')
    .option('-e, --env <KEY=VAL>', 'set an environment variable (repeatable)', collect)
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-d, --detach', 'run the command in the background')
    .option('--index <n>', 'index of the container if the service has several', '1')
    .passThroughOptions()
    .action(async (service: string, command: string[], opts: ExecFlags & { TTY?: boolean }) => {
      const { runExec } = await import('../actions/exec.js');
      await runExec(globals(), service, command, { ...opts, T: opts.TTY === false });
    });
}
