/**
 * The verbs that act on a project's existing containers: one table, since they differ
 * only in their description and flags. Their implementation is one action module.
 */
import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';
import type { LifecycleFlags, Verb as LifecycleVerb } from '../actions/lifecycle.js';

const TIMEOUT = ['-t, --timeout <seconds>', 'shutdown timeout'] as const;

const VERBS: readonly { verb: LifecycleVerb; description: string; options: readonly (readonly [string, string, string?])[] }[] = [
  { verb: 'stop', description: 'Stop services', options: [TIMEOUT] },
  { verb: 'start', description: 'Start services', options: [] },
  { verb: 'restart', description: 'Restart service containers', options: [TIMEOUT] },
  { verb: 'kill', description: 'Force stop service containers', options: [['-s, --signal <signal>', 'signal to send', 'SIGKILL']] },
  {
    verb: 'rm',
    description: 'Remove stopped service containers',
    options: [
      ['-f, --force', "don't ask to confirm removal"],
      ['-s, --stop', 'stop the containers first if needed'],
      ['-v, --volumes', 'remove anonymous volumes attached to containers'],
    ],
  },
  { verb: 'pause', description: 'Pause services', options: [] },
  { verb: 'unpause', description: 'Unpause services', options: [] },
];

export function defineLifecycle(program: Command, globals: () => GlobalOptions): void {
  for (const { verb, description, options } of VERBS) {
    const command = program.command(verb).description(description).argument('[services...]', 'services (default: all)');
    for (const [flags, help, fallback] of options) command.option(flags, help, fallback);
    command.action(async (services: string[], opts: LifecycleFlags) => {
      const { runLifecycle } = await import('../actions/lifecycle.js');
      await runLifecycle(globals(), verb, services, opts);
    });
  }
}
