import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.js';

// Credentials go to Docker's config.json, so docker and Berth share them.
export function defineLogin(program: Command, globals: () => GlobalOptions): void {
  program
    .command('login')
    .description('Log in to a registry (stored in ~/.docker/config.json)')
    .argument('[server]', 'registry host[:port] (default: Docker Hub)')
    .option('-u, --username <username>', 'username')
    .option('-p, --password <password>', 'password')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (server: string | undefined, opts: { username?: string; password?: string; passwordStdin?: boolean }) => {
      const { runLogin } = await import('../actions/login.js');
      await runLogin(globals(), server, opts);
    });
  program
    .command('logout')
    .description('Remove stored registry credentials')
    .argument('[server]', 'registry host[:port] (default: Docker Hub)')
    .action(async (server: string | undefined) => {
      const { runLogout } = await import('../actions/login.js');
      await runLogout(globals(), server);
    });
}
