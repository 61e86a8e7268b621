/**
 * `compose network create|ls|rm` on the native backend: networks outside any project, for
 * projects to use as `external: true` (or made by one project and used by another).
 */
import { UsageError } from '../../errors.js';
import { netContext } from './context.js';
import { createNetwork, removeNetwork } from './network.js';
import { readState } from './state.js';

export interface CreateOptions {
  readonly internal?: boolean;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly label?: readonly string[];
}

function labels(list: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    list.map((l) => {
      const i = l.indexOf('=');
      if (i <= 0) throw new UsageError(`invalid label "${l}": expected key=value`);
      return [l.slice(0, i), l.slice(i + 1)];
    }),
  );
}

export async function networkCreate(name: string, o: CreateOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (readState(netContext({ env }).root).networks[name]) throw new UsageError(`network ${name} already exists`);
  const net = await createNetwork(netContext({ env }), {
    name,
    internal: o.internal ?? false,
    ...(o.subnet ? { subnet: o.subnet } : {}),
    ...(o.gateway ? { gateway: o.gateway } : {}),
    labels: labels(o.label),
  });
  return net.name;
}

export function networkList(env: NodeJS.ProcessEnv): string {
  const nets = Object.values(readState(netContext({ env }).root).networks).sort((a, b) => a.name.localeCompare(b.name));
  const rows = [['NAME', 'DRIVER', 'SUBNET', 'GATEWAY', 'INTERNAL', 'PROJECT'], ...nets.map((n) => [n.name, 'bridge', n.subnet, n.gateway, String(n.internal), n.project ?? ''])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd()).join('\n');
}

export async function networkRemove(names: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const ctx = netContext({ env });
  for (const name of names) {
    if (!readState(ctx.root).networks[name]) throw new UsageError(`network ${name} not found`);
    await removeNetwork(ctx, name);
  }
}
