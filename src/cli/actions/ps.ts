/** `compose ps`: the project's containers as a table, JSON lines, ids or service names. */
import { UsageError } from '../../errors.js';
import type { ObservedContainer, PublishedPort } from '../../model/observed.js';
import type { GlobalOptions } from '../global-options.js';
import { projectContainers, withSession } from './context.js';
import { formatTable } from './table.js';

export interface PsFlags {
  format?: string;
  quiet?: boolean;
  all?: boolean;
  services?: boolean;
  status?: string[];
}

export function statusText(c: ObservedContainer): string {
  if (c.state === 'exited') return `exited (${c.exitCode ?? 0})`;
  return c.health === 'none' ? c.state : `${c.state} (${c.health})`;
}

export function portText(ports: readonly PublishedPort[] = []): string {
  return ports
    .map((p) => (p.published ? `${p.hostIp ?? '0.0.0.0'}:${p.published}->${p.target}/${p.protocol}` : `${p.target}/${p.protocol}`))
    .filter((v, i, all) => all.indexOf(v) === i)
    .join(', ');
}

export function psJson(c: ObservedContainer): Record<string, unknown> {
  return {
    ID: c.id,
    Name: c.name,
    Image: c.image,
    Project: c.project,
    Service: c.service,
    State: c.state,
    Health: c.health === 'none' ? '' : c.health,
    ExitCode: c.exitCode ?? 0,
    Status: statusText(c),
    Created: c.created ?? '',
    Labels: c.labels,
    Publishers: (c.ports ?? []).map((p) => ({
      URL: p.hostIp ?? '',
      TargetPort: p.target,
      PublishedPort: p.published ?? 0,
      Protocol: p.protocol,
    })),
  };
}

export async function runPs(globals: GlobalOptions, services: string[], f: PsFlags): Promise<void> {
  const format = f.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`invalid --format "${format}": expected table or json`);
  await withSession(globals, { needFile: false, services, title: 'ps', progress: 'quiet' }, async (s) => {
    let list = await projectContainers(s, services);
    if (f.status?.length) list = list.filter((c) => f.status?.includes(c.state));
    else if (!f.all) list = list.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
    const out = (text: string) => void process.stdout.write(text);
    if (f.services) return out([...new Set(list.map((c) => c.service))].map((n) => `${n}\n`).join(''));
    if (f.quiet) return out(list.map((c) => `${c.id}\n`).join(''));
    if (format === 'json') return out(list.map((c) => `${JSON.stringify(psJson(c))}\n`).join(''));
    out(
      formatTable(
        ['NAME', 'IMAGE', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
        list.map((c) => [c.name, c.image, c.service, c.created ?? '', statusText(c), portText(c.ports)]),
      ),
    );
  });
}
