/**
 * The resident DNS server: one process per state root, started detached by the first
 * command that creates a network and exiting once no network is left. It listens on port 53
 * of every bridge's gateway address (UDP and TCP) and answers from the networking state,
 * which it re-reads whenever the file changed, so a recreated or scaled service resolves to
 * its new addresses on the next query. Run as `node server.js <root>`.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { networkDir, readState, statePath, type NetState } from '../state.js';
import { buildError, buildReply, parseQuery, RCODE, TYPE } from './message.js';
import { resolve, rotate } from './records.js';
import { forward, hostUpstreams, type Upstream } from './upstream.js';

interface Listener {
  readonly udp: Socket;
  readonly tcp: Server;
}

class DnsServer {
  private state: NetState = { networks: {}, endpoints: [], ports: [] };
  private mtime = -1;
  private readonly listeners = new Map<string, Listener>();
  private readonly pending = new Set<string>();
  private counter = 0;
  private readonly upstreams: Upstream[];
  constructor(private readonly root: string) {
    this.upstreams = hostUpstreams();
  }

  /** Re-reads the state if it changed, and retries gateways it could not bind yet. */
  refresh(force = false): void {
    let m = -2;
    try {
      m = statSync(statePath(this.root)).mtimeMs;
    } catch {
      /* no state: no networks */
    }
    if (!force && m === this.mtime) {
      if (this.unbound()) this.reconcile();
      return;
    }
    this.mtime = m;
    try {
      this.state = readState(this.root);
    } catch {
      return; // keep answering from the last good state
    }
    this.reconcile();
  }

  private unbound(): boolean {
    return Object.values(this.state.networks).some((n) => !this.listeners.has(n.gateway) && !this.pending.has(n.gateway));
  }

  private reconcile(): void {
    const gateways = new Set(Object.values(this.state.networks).map((n) => n.gateway));
    for (const [gw, l] of this.listeners) {
      if (gateways.has(gw)) continue;
      l.udp.close();
      l.tcp.close();
      this.listeners.delete(gw);
    }
    for (const gw of gateways) if (!this.listeners.has(gw) && !this.pending.has(gw)) this.listen(gw);
    this.writeStatus();
    if (gateways.size === 0 && this.pending.size === 0) this.exit();
  }

  private listen(gw: string): void {
    this.pending.add(gw);
    const udp = createSocket('udp4');
    const tcp = createServer((conn) => this.serveTcp(conn, gw));
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      this.pending.delete(gw);
      udp.close();
      tcp.close();
      this.writeStatus();
    };
    udp.once('error', fail);
    tcp.once('error', fail);
    udp.on('message', (msg, rinfo) => {
      void this.answer(msg, gw, rinfo.address).then((r) => udp.send(r, rinfo.port, rinfo.address));
    });
    udp.bind(53, gw, () => {
      tcp.listen(53, gw, () => {
        this.pending.delete(gw);
        this.listeners.set(gw, { udp, tcp });
        this.writeStatus();
      });
    });
  }

  private serveTcp(conn: import('node:net').Socket, gw: string): void {
    let buf = Buffer.alloc(0);
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        void this.answer(Buffer.from(msg), gw, conn.remoteAddress?.replace(/^::ffff:/, '') ?? '').then((r) => {
          const len = Buffer.alloc(2);
          len.writeUInt16BE(r.length);
          conn.write(Buffer.concat([len, r]));
        });
      }
    });
  }

  async answer(msg: Buffer, server: string, client: string): Promise<Buffer> {
    const q = parseQuery(msg);
    if (!q) return buildError(msg, RCODE.formErr);
    this.refresh();
    const ips = q.klass === 1 ? resolve(this.state, { server, client }, q.name) : undefined;
    if (ips === undefined) {
      const upstreams = this.upstreams.filter((u) => !this.listeners.has(u.host));
      return (await forward(msg, upstreams)) ?? buildReply(msg, q, RCODE.servFail, []);
    }
    const a = q.type === TYPE.A || q.type === TYPE.ANY ? rotate(ips, this.counter++) : [];
    return buildReply(msg, q, RCODE.noError, a);
  }

  writeStatus(): void {
    const status = { pid: process.pid, bound: [...this.listeners.keys()].sort() };
    const tmp = join(networkDir(this.root), `dns.status.${process.pid}`);
    try {
      writeFileSync(tmp, JSON.stringify(status));
      writeFileSync(join(networkDir(this.root), 'dns.status'), readFileSync(tmp));
      rmSync(tmp, { force: true });
    } catch {
      /* the root went away: nothing to report to */
    }
  }

  exit(): void {
    const pidFile = join(networkDir(this.root), 'dns.pid');
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
      rmSync(join(networkDir(this.root), 'dns.status'), { force: true });
    } catch {
      /* already gone */
    }
    process.exit(0);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Claims the pid file; another live server for this root means this one is not needed. */
function claim(root: string): boolean {
  const pidFile = join(networkDir(root), 'dns.pid');
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(pidFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch {
      const other = Number(readFileSync(pidFile, 'utf8').trim());
      if (other && other !== process.pid && alive(other)) return false;
      rmSync(pidFile, { force: true });
    }
  }
  return false;
}

const root = process.argv[2];
if (root) {
  if (!claim(root)) process.exit(0);
  const server = new DnsServer(root);
  server.refresh(true);
  process.on('SIGHUP', () => server.refresh(true));
  process.on('SIGTERM', () => server.exit());
  // a missed signal or a state written by hand is picked up within a second
  setInterval(() => server.refresh(), 1000);
}
