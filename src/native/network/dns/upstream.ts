/**
 * Names that are not the project's go to the host's resolvers, read from /etc/resolv.conf
 * in the host's namespace (where even a 127.0.0.53 stub is reachable, unlike from inside a
 * container). BERTH_DNS_UPSTREAMS ("ip[:port],...") replaces them, which tests use to keep
 * their traffic on loopback.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

export interface Upstream {
  readonly host: string;
  readonly port: number;
}

export function parseUpstreams(text: string): Upstream[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [host = '', port] = s.split(':');
      return { host, port: port ? Number(port) : 53 };
    });
}

/** IPv4 nameservers of a resolv.conf text. */
export function resolvConfNameservers(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (m?.[1]) out.push({ host: m[1], port: 53 });
  }
  return out;
}

export function hostUpstreams(env: NodeJS.ProcessEnv = process.env, resolvConf = '/etc/resolv.conf'): Upstream[] {
  const override = env['BERTH_DNS_UPSTREAMS'];
  if (override) return parseUpstreams(override);
  try {
    return resolvConfNameservers(readFileSync(resolvConf, 'utf8'));
  } catch {
    return [];
  }
}

/** Sends the query to each upstream in turn; resolves with the first reply, or undefined. */
export async function forward(query: Buffer, upstreams: readonly Upstream[], timeoutMs = 2000): Promise<Buffer | undefined> {
  for (const u of upstreams) {
    const reply = await new Promise<Buffer | undefined>((resolve) => {
      const s = createSocket('udp4');
      const finish = (v: Buffer | undefined) => {
        clearTimeout(timer);
        s.close();
        resolve(v);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      s.once('error', () => finish(undefined));
      s.once('message', (m) => finish(m));
      s.send(query, u.port, u.host);
    });
    if (reply) return reply;
  }
  return undefined;
}
