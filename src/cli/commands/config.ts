import { Option, type Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

export interface ConfigFlags {
  quiet?: boolean;
  format: 'yaml' | 'json';
  services?: boolean;
  images?: boolean;
  volumes?: boolean;
  networks?: boolean;
  profiles?: boolean;
  interpolate: boolean;
  hash?: string;
  output?: string;
}

/** `compose config`: validates and prints the normalized project. */
export function defineConfig(program: Command, globals: () => GlobalOptions): void {
  program
    .command('config')
    .description('Parse, resolve and render the compose file in canonical format')
    .option('-q, --quiet', 'only validate the configuration, print nothing')
    .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--services', 'print the service names, one per line')
    .option('--images', 'print the image names, one per line')
    .option('--volumes', 'print the volume names, one per line')
    .option('--networks', 'print the network names, one per line')
    .option('--profiles', 'print the profile names, one per line')
    .option('--no-interpolate', 'do not interpolate environment variables')
    .option('--hash <services>', 'print the config hash of the services ("*" for all, or a comma-separated list)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .argument('[service...]', 'only these services and their dependencies (enables their profiles)')
    .action(async (services: string[], flags: ConfigFlags) => {
      const { runConfig } = await import('../config-action.js');
      await runConfig(globals(), flags, services);
    });
}
