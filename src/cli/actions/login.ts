/** `compose login` / `logout`: check credentials against the registry, then store them like docker does. */
import { RuntimeError, UsageError } from '../../errors.js';
import { RegistryClient } from '../../native/registry/client.js';
import { dockerConfigPath, storeCredentials, type Credentials } from '../../native/registry/docker-config.js';
import { apiHost, DOCKER_HUB } from '../../native/image/reference.js';
import type { GlobalOptions } from '../global-options.js';

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of process.stdin) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8').replace(/\r?\n$/, '');
}

function domainOf(server: string | undefined): string {
  if (!server) return DOCKER_HUB;
  const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' ? DOCKER_HUB : host;
}

/** a GET /v2/ that must succeed with these credentials */
export async function verifyLogin(domain: string, creds: Credentials): Promise<void> {
  const client = new RegistryClient(apiHost({ domain }), { credentials: async () => creds, attempts: 2 });
  const res = await client.send('/v2/', { scope: '', expect: [200], what: `login to ${domain}` });
  await res.body?.cancel();
}

export async function runLogin(globals: GlobalOptions, server: string | undefined, f: { username?: string; password?: string; passwordStdin?: boolean }): Promise<void> {
  const domain = domainOf(server);
  if (!f.username) throw new UsageError('login needs --username');
  if (f.password && f.passwordStdin) throw new UsageError('--password and --password-stdin are mutually exclusive');
  const password = f.passwordStdin ? await readStdin() : f.password;
  if (!password) throw new UsageError('login needs --password or --password-stdin');
  const creds = { username: f.username, password };
  try {
    await verifyLogin(domain, creds);
  } catch (err) {
    throw new RuntimeError(`login to ${domain} failed: ${(err as Error).message}`, { cause: err });
  }
  const path = dockerConfigPath(globals.env);
  await storeCredentials(domain, creds, path);
  process.stdout.write(`Login Succeeded (credentials stored in ${path})\n`);
}

export async function runLogout(globals: GlobalOptions, server: string | undefined): Promise<void> {
  const domain = domainOf(server);
  await storeCredentials(domain, undefined, dockerConfigPath(globals.env));
  process.stdout.write(`Removing login credentials for ${domain}\n`);
}
