/**
 * Which registries are spoken to over plain HTTP: loopback ones always (like dockerd's
 * default for 127.0.0.0/8), others only when listed in the registries config file,
 * `$BERTH_REGISTRIES_CONFIG` or /etc/berth/registries.json:
 *   { "insecure-registries": ["myhost:5000"] }
 * plus `$BERTH_INSECURE_REGISTRIES` (comma-separated) for one-off use.
 */
import { readFileSync } from 'node:fs';

export interface RegistryConfig {
  readonly insecure: readonly string[];
}

export function loadRegistryConfig(env: Readonly<Record<string, string | undefined>> = process.env): RegistryConfig {
  const path = env.BERTH_REGISTRIES_CONFIG || '/etc/berth/registries.json';
  let insecure: string[] = [];
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { 'insecure-registries'?: unknown };
    if (Array.isArray(doc['insecure-registries'])) insecure = doc['insecure-registries'].filter((x): x is string => typeof x === 'string');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`reading ${path}: ${(err as Error).message}`);
  }
  const extra = (env.BERTH_INSECURE_REGISTRIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { insecure: [...insecure, ...extra] };
}

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export function schemeFor(host: string, config: RegistryConfig): 'http' | 'https' {
  const bare = host.replace(/:\d+$/, '');
  return isLoopback(host) || config.insecure.includes(host) || config.insecure.includes(bare) ? 'http' : 'https';
}
