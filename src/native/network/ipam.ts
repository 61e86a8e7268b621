/**
 * Address management, pure: which subnet a new network gets and which address a new
 * endpoint gets. Subnets come from address pools split into fixed-size blocks, skipping
 * blocks that overlap a route the host already has (so a container never shadows the
 * LAN or a VPN) and blocks other networks hold. Like Docker's default-address-pools.
 */
import { RuntimeError } from '../../errors.js';
import { contains, formatCidr, formatIp, overlaps, parseCidr, parseIp, size, type Cidr } from './cidr.js';

export interface AddressPool {
  readonly base: string;
  /** prefix length of each network cut from the pool */
  readonly size: number;
}

export const DEFAULT_POOLS: readonly AddressPool[] = [{ base: '10.213.0.0/16', size: 24 }];

/** Parses "10.213.0.0/16:24,10.214.0.0/16" (size defaults to 24), the BERTH_ADDRESS_POOLS form. */
export function parsePools(text: string): AddressPool[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [base = '', sz = '24'] = item.split(':');
      const c = parseCidr(base);
      const n = Number(sz);
      if (!c || !Number.isInteger(n) || n < c.prefix || n > 30) {
        throw new RuntimeError(`invalid address pool "${item}": expected a.b.c.d/n[:size] with size between n and 30`);
      }
      return { base: formatCidr(c), size: n };
    });
}

/** Destinations of the host's IPv4 routes from `ip -j route` output; the default route is not a subnet. */
export function routedSubnets(ipRouteJson: string): Cidr[] {
  const routes = JSON.parse(ipRouteJson || '[]') as { dst?: string }[];
  const out: Cidr[] = [];
  for (const r of routes) {
    if (!r.dst || r.dst === 'default') continue;
    const c = parseCidr(r.dst);
    if (c) out.push(c);
  }
  return out;
}

/** The first block of the pools that overlaps nothing in `taken`; throws when every pool is full. */
export function allocateSubnet(pools: readonly AddressPool[], taken: readonly Cidr[]): Cidr {
  for (const pool of pools) {
    const p = parseCidr(pool.base);
    if (!p) continue;
    const step = 2 ** (32 - pool.size);
    for (let base = p.base; base < p.base + size(p); base += step) {
      const candidate = { base, prefix: pool.size };
      if (!taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  const list = pools.map((p) => `${p.base} (/${p.size} each)`).join(', ');
  throw new RuntimeError(
    `no free subnet left in the address pools ${list}: remove unused networks or configure more pools with BERTH_ADDRESS_POOLS`,
  );
}

/** An explicit subnet (ipam.config.subnet) must not overlap another Berth network. */
export function checkExplicitSubnet(network: string, subnet: string, others: readonly { name: string; subnet: string }[]): Cidr {
  const c = parseCidr(subnet);
  if (!c || subnet.split('/').length !== 2) throw new RuntimeError(`network ${network}: invalid subnet "${subnet}"`);
  for (const o of others) {
    const oc = parseCidr(o.subnet);
    if (oc && overlaps(c, oc)) throw new RuntimeError(`network ${network}: subnet ${subnet} overlaps network ${o.name} (${o.subnet})`);
  }
  return c;
}

/** The gateway: the configured one, else the first host address of the subnet. */
export function gatewayOf(subnet: Cidr, configured?: string): string {
  if (configured) {
    const g = parseIp(configured);
    if (g === undefined || !contains(subnet, g)) throw new RuntimeError(`gateway ${configured} is not in subnet ${formatCidr(subnet)}`);
    return configured;
  }
  return formatIp(subnet.base + 1);
}

export interface AddressRequest {
  readonly network: string;
  readonly subnet: string;
  readonly gateway: string;
  /** addresses held by other endpoints */
  readonly used: readonly string[];
  /** the last address handed out: allocation continues after it so a recreated container gets a new one */
  readonly last?: string;
  readonly requested?: string;
}

export function allocateAddress(req: AddressRequest): string {
  const subnet = parseCidr(req.subnet);
  if (!subnet) throw new RuntimeError(`network ${req.network}: invalid subnet "${req.subnet}"`);
  const taken = new Set(req.used.map((u) => parseIp(u)));
  taken.add(parseIp(req.gateway));
  const first = subnet.base + 1;
  const lastHost = subnet.base + size(subnet) - 2;
  if (req.requested !== undefined) {
    const ip = parseIp(req.requested);
    if (ip === undefined || ip < first || ip > lastHost) {
      throw new RuntimeError(`ipv4_address ${req.requested} is not a usable address of network ${req.network} (${req.subnet})`);
    }
    if (taken.has(ip)) throw new RuntimeError(`ipv4_address ${req.requested} is already in use on network ${req.network}`);
    return req.requested;
  }
  const count = lastHost - first + 1;
  const after = req.last !== undefined ? parseIp(req.last) : undefined;
  const start = after !== undefined && after >= first && after < lastHost ? after + 1 : first;
  for (let i = 0; i < count; i++) {
    const ip = first + ((start - first + i) % count);
    if (!taken.has(ip)) return formatIp(ip);
  }
  throw new RuntimeError(`network ${req.network} (${req.subnet}) has no free address left`);
}
