/**
 * A networking scenario run inside a fresh network namespace that plays the host: its own
 * iptables with ACCEPT policies and no dockerd chains, ip_forward off. It proves the rules
 * need nothing dockerd sets up. Run by native-network-nodocker.test.ts as
 * `ip netns exec <ns> node native-network-hostsim.js <root>`; exits 0 when all went well.
 * Containers are `unshare --net` processes, reached through /proc/<pid>/ns/net as the
 * runtime's are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attach, ensureNetwork, publishPorts, readState, removeProject } from '../../src/native/network/index.js';
import { netContext } from '../../src/native/network/context.js';
import { parsePools } from '../../src/native/network/ipam.js';
import { dnsPid } from '../../src/native/network/dns/daemon.js';

const root = process.argv[2]!;
const out = (argv: string[]) => {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

const sleepers = [spawn('unshare', ['--net', 'sleep', '120']), spawn('unshare', ['--net', 'sleep', '120'])];
const ctx = netContext({ root, pools: parsePools('10.213.180.0/24:26') });
const p = {
  name: 'bthost', working_dir: '/', config_files: [], format: 'spec' as const, services: {}, disabled_services: {}, volumes: {}, secrets: {}, configs: {}, extensions: {},
  networks: { default: { name: 'bthost_default', driver_opts: {}, external: false, internal: false, labels: {} } },
};
let httpd: ReturnType<typeof spawn> | undefined;
const dir = mkdtempSync(join(tmpdir(), 'bt-www-'));
try {
  out(['ip', 'link', 'set', 'lo', 'up']);
  check(out(['iptables-save']).stdout.includes(':FORWARD ACCEPT') || !out(['iptables-save']).stdout.includes('DOCKER'), 'the simulated host has no dockerd rules');
  await new Promise((r) => setTimeout(r, 200));
  const [a, b] = sleepers.map((s) => `/proc/${s.pid}/ns/net`) as [string, string];
  const net = await ensureNetwork(ctx, p, 'default');
  await attach(ctx, { id: 'hsweb', name: 'bthost-web-1', project: 'bthost', service: 'web', netnsPath: a, networks: [{ name: 'bthost_default', aliases: [] }], links: {} });
  await attach(ctx, { id: 'hsclient', name: 'bthost-client-1', project: 'bthost', service: 'client', netnsPath: b, networks: [{ name: 'bthost_default', aliases: [] }], links: {} });
  writeFileSync(join(dir, 'index.html'), 'hello\n');
  httpd = spawn('nsenter', [`--net=${a}`, 'busybox', 'httpd', '-f', '-p', '80', '-h', dir]);
  await publishPorts(ctx, { containerId: 'hsweb', project: 'bthost', service: 'web', ports: [{ target: 80, published: '47820', protocol: 'tcp', mode: 'ingress' }] });
  await new Promise((r) => setTimeout(r, 300));
  const byName = out(['nsenter', `--net=${b}`, 'busybox', 'nslookup', '-type=a', 'web', net.gateway]);
  const webIp = readState(root).endpoints.find((e) => e.containerId === 'hsweb')!.ip;
  check(byName.stdout.includes(webIp), `web resolves from client: ${byName.stdout}${byName.stderr}`);
  const direct = out(['nsenter', `--net=${b}`, 'timeout', '3', 'busybox', 'wget', '-qO-', `http://${webIp}/`]);
  check(direct.stdout === 'hello\n', `client reaches web: ${direct.stderr}`);
  const published = out(['timeout', '3', 'busybox', 'wget', '-qO-', 'http://127.0.0.1:47820/']);
  check(published.stdout === 'hello\n', `the published port answers on 127.0.0.1: ${published.stderr}`);
  const gw = out(['timeout', '3', 'busybox', 'wget', '-qO-', `http://${net.gateway}:47820/`]);
  check(gw.stdout === 'hello\n', `the published port answers on a host address: ${gw.stderr}`);
  await removeProject(ctx, 'bthost');
  for (let i = 0; i < 100 && dnsPid(root); i++) await new Promise((r) => setTimeout(r, 20));
  const left = out(['iptables-save']).stdout;
  check(!/BERTH|berth:/.test(left), `no Berth rules are left: ${left}`);
  check(!out(['ip', '-o', 'link']).stdout.includes('bt-'), 'no bridge is left');
  console.log('hostsim: ok');
} catch (e) {
  console.error(`hostsim: ${(e as Error).message}`);
  process.exitCode = 1;
  await removeProject(ctx, 'bthost').catch(() => undefined);
} finally {
  httpd?.kill('SIGKILL');
  for (const s of sleepers) s.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
