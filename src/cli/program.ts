/**
 * The commander program: Docker Compose's global options and every verb's command
 * (one module per verb, in commands/), each importing its implementation lazily.
 */
import { Command, Option } from 'commander';
import { resolveGlobalOptions, type GlobalOptions, type RawGlobalFlags } from './global-options.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../version.js';
import { verbOf } from './verb.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `argv` (node's, with the script) limits the declared commands to the verb it runs, when that is clear */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('compose');
  program
    .description('Define and run multi-container applications, with or without a Docker daemon')
    .version(VERSION, '-v, --version')
    .option('-f, --file <path>', 'compose configuration file (repeatable; "-" reads stdin)', collect)
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <dir>', 'alternate working directory (default: the first file\'s directory)')
    .option('--env-file <path>', 'alternate environment file (repeatable)', collect)
    .option('--profile <name>', 'enable a profile (repeatable)', collect)
    .addOption(new Option('--progress <mode>', 'progress output').choices(['auto', 'tty', 'plain', 'json', 'quiet']))
    .addOption(new Option('--ansi <when>', 'control characters').choices(['auto', 'never', 'always']))
    .addOption(new Option('--backend <name>', 'container backend (default: native)').choices(['native', 'docker']))
    .option('--parallel <n>', 'maximum parallelism (-1 for unlimited)')
    .option('--dry-run', 'show what would be done without doing it')
    .showHelpAfterError()
    .exitOverride()
    // global flags go before the verb, so that `exec`/`run` pass their command's flags through untouched
    .enablePositionalOptions();

  let resolved: GlobalOptions | undefined;
  const globals = (): GlobalOptions => {
    resolved ??= resolveGlobalOptions(program.opts<RawGlobalFlags>(), process.env, process.cwd());
    return resolved;
  };
  const verb = argv ? verbOf(argv.slice(2), program.options) : undefined;
  const only = COMMANDS.find((c) => verb !== undefined && c.verbs.includes(verb));
  for (const c of only ? [only] : COMMANDS) c.define(program, globals);
  return program;
}
