/**
 * `ports:` in both syntaxes, expanded to one entry per container port.
 * Short syntax: `[[ip:]host:]container[/protocol]`, ports or equal-length ranges.
 */
import type { PortConfig, Protocol } from '../../model/project.js';
import { fail, isRecord, scalarString, type NormalizeContext } from './context.js';
import type { YamlPath } from '../source-map.js';
import { parseInteger } from './units.js';
import { recordOrigin } from './origins.js';

const SHORT_FORM = 'expected [[ip:]host:]container[/protocol]';
const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

interface Range {
  readonly start: number;
  readonly end: number;
}

function parseRange(text: string): Range | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return { start, end };
}

/** splits "ip:host:container" where ip may be a bracketed or bare IPv6 address */
function splitHostParts(spec: string): { ip?: string; host?: string; container: string } | undefined {
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (bracket) {
    const rest = bracket[2]!.split(':');
    if (rest.length !== 2) return undefined;
    return { ip: bracket[1]!, host: rest[0]!, container: rest[1]! };
  }
  const parts = spec.split(':');
  if (parts.length === 1) return { container: parts[0]! };
  if (parts.length === 2) return { host: parts[0]!, container: parts[1]! };
  // an unbracketed IPv6 address: the last two fields are host and container
  return { ip: parts.slice(0, -2).join(':'), host: parts[parts.length - 2]!, container: parts[parts.length - 1]! };
}

export function parseShortPort(spec: string): PortConfig[] | undefined {
  const [main, protocol = 'tcp', ...extra] = spec.split('/');
  if (extra.length || !PROTOCOLS.includes(protocol) || main === undefined) return undefined;
  const parts = splitHostParts(main);
  if (!parts) return undefined;
  const container = parseRange(parts.container);
  if (!container || container.start === 0) return undefined;
  const host = parts.host ? parseRange(parts.host) : undefined;
  if (parts.host && !host) return undefined;
  const count = container.end - container.start + 1;
  const hostCount = host ? host.end - host.start + 1 : 0;
  if (host && hostCount !== count && count !== 1) return undefined;
  const out: PortConfig[] = [];
  for (let i = 0; i < count; i++) {
    let published: string | undefined;
    if (host) published = count === 1 ? (hostCount === 1 ? String(host.start) : parts.host) : String(host.start + i);
    out.push({
      mode: 'ingress',
      ...(parts.ip ? { host_ip: parts.ip } : {}),
      target: container.start + i,
      ...(published !== undefined ? { published } : {}),
      protocol: protocol as Protocol,
    });
  }
  return out;
}

function longPort(v: Record<string, unknown>, ctx: NormalizeContext, path: YamlPath): PortConfig | undefined {
  const target = parseInteger(v.target);
  if (target === undefined || target < 1 || target > 65535) {
    fail(ctx, [...path, 'target'], `invalid port "${scalarString(v.target)}": expected a container port from 1 to 65535`);
    return undefined;
  }
  const published = v.published === undefined || v.published === null ? undefined : scalarString(v.published);
  if (published !== undefined && published !== '' && !parseRange(published)) {
    fail(ctx, [...path, 'published'], `invalid port "${published}": expected a host port or range`);
    return undefined;
  }
  return {
    ...(v.name !== undefined ? { name: String(v.name) } : {}),
    mode: v.mode === 'host' ? 'host' : 'ingress',
    ...(v.host_ip !== undefined ? { host_ip: String(v.host_ip) } : {}),
    target,
    ...(published ? { published } : {}),
    protocol: (typeof v.protocol === 'string' ? v.protocol : 'tcp') as Protocol,
    ...(v.app_protocol !== undefined ? { app_protocol: String(v.app_protocol) } : {}),
  };
}

export function normalizePorts(value: unknown, ctx: NormalizeContext, path: YamlPath): PortConfig[] {
  const out: PortConfig[] = [];
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => {
    if (isRecord(item)) {
      const p = longPort(item, ctx, [...path, i]);
      if (p) out.push(recordOrigin(p, [...path, i]));
      return;
    }
    const spec = scalarString(item);
    const parsed = parseShortPort(spec);
    if (parsed) out.push(...parsed.map((p) => recordOrigin(p, [...path, i])));
    else fail(ctx, [...path, i], `invalid port "${spec}": ${SHORT_FORM}`);
  });
  return out;
}
