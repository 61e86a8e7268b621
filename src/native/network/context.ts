/**
 * What every networking operation needs: the state root, the host to run commands on, the
 * address pools and the port probe. Tests pass their own root, pools and host.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realHost, type NetHost } from './host.js';
import { DEFAULT_POOLS, parsePools, type AddressPool } from './ipam.js';
import { probePort, type PortProbe } from './ports.js';
import { networkDir, stateRoot } from './state.js';

export interface NetContext {
  readonly root: string;
  readonly host: NetHost;
  readonly pools: readonly AddressPool[];
  readonly probe: PortProbe;
  /** false in unit tests: no resident DNS server is started */
  readonly dns: boolean;
}

/**
 * Pools come from BERTH_ADDRESS_POOLS, else <root>/network/config.json
 * ({"default-address-pools":[{"base":"10.213.0.0/16","size":24}]}, Docker's daemon.json shape), else the default.
 */
export function poolsFor(root: string, env: NodeJS.ProcessEnv): readonly AddressPool[] {
  const fromEnv = env['BERTH_ADDRESS_POOLS'];
  if (fromEnv) return parsePools(fromEnv);
  try {
    const cfg = JSON.parse(readFileSync(join(networkDir(root), 'config.json'), 'utf8')) as {
      'default-address-pools'?: { base: string; size: number }[];
    };
    const pools = cfg['default-address-pools'];
    if (pools?.length) return parsePools(pools.map((p) => `${p.base}:${p.size}`).join(','));
  } catch {
    /* no config file: defaults */
  }
  return DEFAULT_POOLS;
}

export function netContext(options: Partial<NetContext> & { env?: NodeJS.ProcessEnv } = {}): NetContext {
  const env = options.env ?? process.env;
  const root = options.root ?? stateRoot(env);
  return {
    root,
    host: options.host ?? realHost,
    pools: options.pools ?? poolsFor(root, env),
    probe: options.probe ?? probePort,
    dns: options.dns ?? true,
  };
}
