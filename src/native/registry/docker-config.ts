/**
 * Credentials in Docker's client config (`$DOCKER_CONFIG/config.json`, default
 * `~/.docker/config.json`): `auths` entries keyed by registry host (Docker Hub as
 * `https://index.docker.io/v1/`), each with base64 `auth` = user:password. Credential
 * helpers (`credsStore`, `credHelpers`) are asked through `docker-credential-<name> get`.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { writeFile, rename } from 'node:fs/promises';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

interface AuthEntry { auth?: string; username?: string; password?: string; identitytoken?: string }
interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

export function dockerConfigPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/** the key `docker login` uses for a registry domain */
export function authKey(domain: string): string {
  return domain === 'docker.io' || domain === 'registry-1.docker.io' || domain === 'index.docker.io' ? DOCKER_HUB_AUTH_KEY : domain;
}

async function readConfig(path: string): Promise<ConfigFile> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ConfigFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`reading ${path}: ${(err as Error).message}`);
  }
}

function hostOf(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

function decode(entry: AuthEntry): Credentials | undefined {
  if (entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon > 0) return { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

const run = promisify(execFile);

async function fromHelper(helper: string, key: string): Promise<Credentials | undefined> {
  try {
    const child = run(`docker-credential-${helper}`, ['get']);
    child.child.stdin?.end(key);
    const { stdout } = await child;
    const r = JSON.parse(stdout) as { Username?: string; Secret?: string };
    return r.Username && r.Secret ? { username: r.Username, password: r.Secret } : undefined;
  } catch {
    return undefined;
  }
}

export async function lookupCredentials(domain: string, path = dockerConfigPath()): Promise<Credentials | undefined> {
  const cfg = await readConfig(path);
  const key = authKey(domain);
  const helper = cfg.credHelpers?.[key] ?? cfg.credHelpers?.[domain] ?? cfg.credsStore;
  if (helper) {
    const c = await fromHelper(helper, key);
    if (c) return c;
  }
  for (const [k, entry] of Object.entries(cfg.auths ?? {})) {
    if (k === key || hostOf(k) === hostOf(key)) {
      const c = decode(entry);
      if (c) return c;
    }
  }
  return undefined;
}

/** `compose login`: adds or replaces the `auths` entry, keeping the rest of the file */
export async function storeCredentials(domain: string, creds: Credentials | undefined, path = dockerConfigPath()): Promise<void> {
  const cfg = await readConfig(path);
  const auths = { ...(cfg.auths ?? {}) };
  const key = authKey(domain);
  if (creds) auths[key] = { auth: Buffer.from(`${creds.username}:${creds.password}`).toString('base64') };
  else delete auths[key];
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ ...cfg, auths }, null, '\t')}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
