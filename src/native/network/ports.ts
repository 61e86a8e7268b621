/**
 * Published ports: from the model's port specs to concrete host bindings. A host port is
 * checked by binding it first (a port some other program holds fails `up` with the service
 * and port named) and against what other Berth containers publish, since DNAT rules hold
 * no socket. Random host ports come from the kernel's ephemeral range by binding port 0.
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type { PortConfig, Protocol } from '../../model/project.js';
import { RuntimeError } from '../../errors.js';
import { parseIp } from './cidr.js';
import type { PortRecord } from './state.js';

export interface PortRequest {
  readonly hostIp: string;
  /** inclusive range; equal ends for a fixed port; absent for a random one */
  readonly range?: readonly [number, number];
  readonly protocol: Protocol;
  readonly target: number;
}

/** Expands port specs; IPv6 host addresses are refused since native networking is IPv4 only. */
export function portRequests(service: string, ports: readonly PortConfig[]): PortRequest[] {
  return ports.map((p) => {
    const hostIp = p.host_ip && p.host_ip !== '' ? p.host_ip : '0.0.0.0';
    if (parseIp(hostIp) === undefined) {
      throw new RuntimeError(`service ${service}: cannot publish port ${p.target}/${p.protocol} on ${hostIp}: only IPv4 host addresses are supported`);
    }
    if (p.published === undefined || p.published === '') return { hostIp, protocol: p.protocol, target: p.target };
    const m = /^(\d+)(?:-(\d+))?$/.exec(p.published);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!(lo >= 1 && hi <= 65535 && lo <= hi)) throw new RuntimeError(`service ${service}: invalid published port "${p.published}"`);
    return { hostIp, protocol: p.protocol, target: p.target, range: [lo, hi] as const };
  });
}

export type PortProbe = (hostIp: string, port: number, protocol: Protocol) => Promise<'free' | 'in-use' | number>;

function overlapsHostIp(a: string, b: string): boolean {
  return a === b || a === '0.0.0.0' || b === '0.0.0.0';
}

function heldByBerth(held: readonly Pick<PortRecord, 'hostIp' | 'hostPort' | 'protocol'>[], hostIp: string, port: number, protocol: Protocol) {
  return held.some((h) => h.hostPort === port && h.protocol === protocol && overlapsHostIp(h.hostIp, hostIp));
}

/**
 * Chooses the host port for each request. `held` are ports other Berth containers publish
 * (and, as it goes, the ones chosen here). Throws naming the service and port when none is free.
 */
export async function choosePorts(
  service: string,
  requests: readonly PortRequest[],
  held: readonly Pick<PortRecord, 'hostIp' | 'hostPort' | 'protocol'>[],
  probe: PortProbe = probePort,
): Promise<{ request: PortRequest; hostPort: number }[]> {
  const taken = [...held];
  const out: { request: PortRequest; hostPort: number }[] = [];
  for (const r of requests) {
    let chosen: number | undefined;
    if (!r.range) {
      for (let attempt = 0; attempt < 20 && chosen === undefined; attempt++) {
        const got = await probe(r.hostIp, 0, r.protocol);
        if (typeof got === 'number' && !heldByBerth(taken, r.hostIp, got, r.protocol)) chosen = got;
      }
      if (chosen === undefined) throw new RuntimeError(`service ${service}: no free random host port for ${r.target}/${r.protocol}`);
    } else {
      for (let port = r.range[0]; port <= r.range[1] && chosen === undefined; port++) {
        if (heldByBerth(taken, r.hostIp, port, r.protocol)) continue;
        if ((await probe(r.hostIp, port, r.protocol)) !== 'in-use') chosen = port;
      }
      if (chosen === undefined) {
        const which = r.range[0] === r.range[1] ? `${r.range[0]}` : `${r.range[0]}-${r.range[1]}`;
        throw new RuntimeError(
          `service ${service}: cannot publish port ${which}/${r.protocol} on ${r.hostIp}: the host port is already in use`,
        );
      }
    }
    taken.push({ hostIp: r.hostIp, hostPort: chosen, protocol: r.protocol });
    out.push({ request: r, hostPort: chosen });
  }
  return out;
}

/** Binds the port and lets it go: 'in-use' when someone holds it; with port 0, the port the kernel gave. */
export function probePort(hostIp: string, port: number, protocol: Protocol): Promise<'free' | 'in-use' | number> {
  return new Promise((resolve) => {
    const done = (v: 'free' | 'in-use' | number) => resolve(v);
    if (protocol === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => {
        s.close();
        done('in-use');
      });
      s.bind(port, hostIp, () => {
        const got = s.address().port;
        s.close();
        done(port === 0 ? got : 'free');
      });
      return;
    }
    // sctp has no node socket; a TCP probe still finds a port taken by the same program
    const srv = createServer();
    srv.once('error', () => done('in-use'));
    srv.listen({ port, host: hostIp, exclusive: true }, () => {
      const addr = srv.address();
      const got = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => done(port === 0 ? got : 'free'));
    });
  });
}
