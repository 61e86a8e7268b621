/**
 * Helpers for the native networking end-to-end suites: network namespaces stand in for
 * containers, each suite gets its own state root and address pool, and everything created is
 * removed in t.after, also when a test fails.
 */
import type { TestContext } from 'node:test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netContext, readState, removeNetwork, removeProject, stopDns, type NetContext } from '../../src/native/network/index.js';
import { detach } from '../../src/native/network/attach.js';
import { parsePools } from '../../src/native/network/ipam.js';
import { dnsPid } from '../../src/native/network/dns/daemon.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fails under CI, skips visibly elsewhere, when the suite cannot run here. Returns false to stop. */
export function prerequisites(t: TestContext): boolean {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root');
  for (const bin of ['ip', 'iptables', 'nsenter', 'busybox']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) missing.push(bin);
  }
  if (!missing.length) return true;
  const why = `native networking needs ${missing.join(', ')}`;
  if (process.env['CI'] === 'true') throw new Error(why);
  t.skip(why);
  return false;
}

export function sh(argv: readonly string[], timeoutMs = 10_000): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function must(argv: readonly string[], timeoutMs?: number): string {
  const r = sh(argv, timeoutMs);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * A stand-in for the host's resolver on loopback: answers `names` and NXDOMAIN for the rest,
 * so forwarded queries from tests never leave the machine. It runs as its own process
 * because the tests block on spawnSync while the resolver inside a namespace waits for it.
 */
export async function fakeUpstream(t: TestContext, names: Record<string, string>): Promise<string> {
  const messageJs = new URL('../../src/native/network/dns/message.js', import.meta.url).pathname;
  const code = `
    import { createSocket } from 'node:dgram';
    import { buildReply, parseQuery } from ${JSON.stringify(messageJs)};
    const names = ${JSON.stringify(names)};
    const s = createSocket('udp4');
    s.on('message', (m, r) => {
      const q = parseQuery(m);
      if (!q) return;
      const ip = names[q.name];
      s.send(buildReply(m, q, ip ? 0 : 3, ip && q.type === 1 ? [ip] : []), r.port, r.address);
    });
    s.bind(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup(t, () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(String(d).trim()));
    child.once('exit', () => reject(new Error('the fake upstream resolver did not start')));
  });
  return `127.0.0.1:${port}`;
}

/** Registers clean-up that must not stop the clean-ups after it when it fails. */
export function cleanup(t: TestContext, fn: () => unknown): void {
  t.after(async () => {
    try {
      await fn();
    } catch (e) {
      console.error(`clean-up failed: ${(e as Error).message}`);
    }
  });
}

/**
 * A state root with its own address pool and a loopback upstream resolver; on exit every
 * network of it is taken down and its DNS server stopped.
 */
export async function netRoot(t: TestContext, pool: string, upstreamNames: Record<string, string> = {}): Promise<NetContext> {
  // the DNS server is started by the first network and inherits this
  process.env['BERTH_DNS_UPSTREAMS'] = await fakeUpstream(t, upstreamNames);
  const root = mkdtempSync(join(tmpdir(), 'bt-net-'));
  const ctx = netContext({ root, pools: parsePools(pool) });
  cleanup(t, async () => {
    const state = readState(root);
    for (const p of new Set(state.endpoints.map((e) => e.project))) await removeProject(ctx, p);
    for (const e of readState(root).endpoints) await detach(ctx, e.containerId);
    for (const n of Object.keys(readState(root).networks)) await removeNetwork(ctx, n, { force: true });
    const pid = dnsPid(root);
    stopDns(root);
    for (let i = 0; pid && i < 100 && isAlive(pid); i++) await sleep(20);
    rmSync(root, { recursive: true, force: true });
  });
  return ctx;
}

/** A named netns standing in for a container; files under /etc/netns/<name> replace /etc ones for `ip netns exec`. */
export function netns(t: TestContext, name: string): { name: string; path: string; exec: (argv: string[], timeoutMs?: number) => ReturnType<typeof sh>; files: (f: Record<string, string>) => void } {
  must(['ip', 'netns', 'add', name]);
  cleanup(t, () => {
    sh(['ip', 'netns', 'del', name]);
    rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  });
  return {
    name,
    path: `/var/run/netns/${name}`,
    exec: (argv, timeoutMs) => sh(['ip', 'netns', 'exec', name, ...argv], timeoutMs),
    files: (f) => {
      mkdirSync(`/etc/netns/${name}`, { recursive: true });
      for (const [file, text] of Object.entries(f)) writeFileSync(`/etc/netns/${name}/${file}`, text);
    },
  };
}

/** A background process, stopped by pid when the test ends. */
export function background(t: TestContext, argv: readonly string[]): ChildProcess {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  cleanup(t, () => {
    if (child.exitCode === null && child.pid) child.kill('SIGKILL');
  });
  return child;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a check until it passes or the time is up (servers in namespaces take a moment to listen). */
export async function eventually<T>(fn: () => T, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(50);
    }
  }
}

/** A UDP echo server (replies "echo:<msg>") in a netns, written as a node one-liner. */
export const UDP_ECHO = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('echo:'+m,r.port,r.address));s.bind(+process.argv[1])`;

/** Sends one UDP datagram and returns the reply (or '' on timeout), from the calling namespace. */
export const UDP_ASK = `const s=require('dgram').createSocket('udp4');const t=setTimeout(()=>{process.stdout.write('');process.exit(0)},1500);s.on('message',(m)=>{process.stdout.write(String(m));clearTimeout(t);s.close()});s.send(process.argv[3],+process.argv[2],process.argv[1])`;

import type { Network, Project } from '../../src/model/project.js';
import { attach, ensureNetwork, hostsEntries, resolvConf } from '../../src/native/network/index.js';

/** A project with just networks, as the parser would produce them. */
export function project(name: string, networks: Record<string, { internal?: boolean; external?: boolean; name?: string }>): Project {
  const nets: Record<string, Network> = {};
  for (const [key, n] of Object.entries(networks)) {
    nets[key] = { name: n.name ?? `${name}_${key}`, driver_opts: {}, external: n.external ?? false, internal: n.internal ?? false, labels: {} };
  }
  return { name, working_dir: '/', config_files: [], format: 'spec', services: {}, disabled_services: {}, networks: nets, volumes: {}, secrets: {}, configs: {}, extensions: {} };
}

export interface StandIn {
  readonly id: string;
  readonly ns: ReturnType<typeof netns>;
  readonly ips: Record<string, string>;
}

/**
 * A container stand-in: a netns attached to the project's networks (keys), with the
 * resolv.conf and hosts Berth would give it, so getent and nslookup inside use Berth's DNS.
 */
export async function standIn(
  t: TestContext,
  ctx: NetContext,
  p: Project,
  o: { id: string; service: string; keys: string[]; aliases?: string[]; links?: Record<string, string>; extraHosts?: string[] },
): Promise<StandIn> {
  for (const k of o.keys) await ensureNetwork(ctx, p, k);
  const ns = netns(t, `bt-t-${o.id}`.slice(0, 30));
  const ips = await attach(ctx, {
    id: o.id,
    name: `${p.name}-${o.service}-${o.id}`,
    project: p.name,
    service: o.service,
    netnsPath: ns.path,
    networks: o.keys.map((k) => ({ name: p.networks[k]!.name, aliases: o.aliases ?? [] })),
    links: o.links ?? {},
  });
  ns.files({
    'resolv.conf': resolvConf(ctx, o.id),
    hosts: hostsEntries(ctx, o.id, { hostname: o.service, extraHosts: o.extraHosts ?? [] }),
  });
  return { id: o.id, ns, ips };
}

/** Addresses a name resolves to inside a stand-in, through glibc's resolver (getent) or busybox's. */
export function lookup(s: StandIn, name: string, via: 'getent' | 'busybox' = 'getent'): string[] {
  if (via === 'getent') {
    const r = s.ns.exec(['getent', 'ahostsv4', name]);
    return [...new Set(r.stdout.split('\n').map((l) => l.split(/\s+/)[0] ?? '').filter(Boolean))];
  }
  const r = s.ns.exec(['busybox', 'nslookup', '-type=a', name]);
  const answer = r.stdout.split(/Name:/).slice(1).join('');
  return [...answer.matchAll(/Address:\s*(\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]!);
}
