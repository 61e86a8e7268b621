/**
 * Native networking, clean-up: 50 up/down cycles leave exactly the kernel objects there were
 * before (links, addresses, routes, iptables rules, namespaces, DNS servers), and a sweep
 * after a "crash" removes what dead containers left. Needs root; uses pool 10.213.178.0/23.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, detach, ensureNetwork, publishPorts, readState, removeProject, sweepStale } from '../../src/native/network/index.js';
import { dnsPid } from '../../src/native/network/dns/daemon.js';
import { rootTag } from '../../src/native/network/names.js';
import { must, netns, netRoot, prerequisites, project, sh, sleep } from './native-network-helpers.js';

const POOL = '10.213.178.0/23:24';

/**
 * The kernel objects of one state root: bridges carrying its tag, their ports, addresses and
 * routes, rules with its comments, Berth's chains and jumps, its DNS server. Others share the
 * machine (dockerd, other suites, other Berth roots) and change their own objects meanwhile.
 */
function kernelObjects(root: string, namespaces: readonly string[]): Record<string, string[]> {
  const tag = rootTag(root);
  const links = JSON.parse(must(['ip', '-d', '-j', 'link', 'show'])) as { ifname: string; ifalias?: string; master?: string }[];
  const bridges = links.filter((l) => l.ifalias?.startsWith(`${tag}:`)).map((l) => l.ifname);
  const ours = links.filter((l) => bridges.includes(l.ifname) || (l.master !== undefined && bridges.includes(l.master))).map((l) => l.ifname);
  const lines = (argv: string[]) => must(argv).split('\n').filter(Boolean);
  const onOurs = (l: string) => ours.some((n) => l.includes(` ${n} `) || l.endsWith(` ${n}`));
  return {
    links: ours.sort(),
    addresses: lines(['ip', '-o', '-4', 'addr']).filter(onOurs).map((l) => l.replace(/^\d+:\s*/, '').replace(/\s+valid_lft.*/, '')).sort(),
    routes: lines(['ip', '-o', 'route']).filter((l) => ours.some((n) => l.includes(`dev ${n} `))).sort(),
    rules: lines(['iptables-save']).filter((l) => l.includes(tag) || /^:BERTH|-j BERTH/.test(l)).map((l) => l.replace(/\[\d+:\d+\]/, '')),
    // the stand-ins' namespaces hold only lo between cycles
    namespaceLinks: namespaces.flatMap((n) => lines(['ip', '-n', n, '-o', 'link']).map((l) => `${n}: ${l.split(':')[1]!.trim()}`)),
    dnsServers: sh(['pgrep', '-f', `network/dns/server.js ${root}`]).stdout.split('\n').filter(Boolean).sort(),
  };
}

test('50 up/down cycles leave the same kernel network objects as before', { timeout: 900_000 }, async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const p = project('btcycle', { default: {}, back: {} });
  const a = netns(t, 'bt-t-cyc-a');
  const b = netns(t, 'bt-t-cyc-b');
  const before = kernelObjects(ctx.root, [a.name, b.name]);
  for (let i = 0; i < 50; i++) {
    await ensureNetwork(ctx, p, 'default');
    await ensureNetwork(ctx, p, 'back');
    await attach(ctx, { id: `cyca${i}`, name: `btcycle-web-1`, project: 'btcycle', service: 'web', netnsPath: a.path, networks: [{ name: 'btcycle_default', aliases: [] }, { name: 'btcycle_back', aliases: [] }], links: {} });
    await attach(ctx, { id: `cycb${i}`, name: `btcycle-db-1`, project: 'btcycle', service: 'db', netnsPath: b.path, networks: [{ name: 'btcycle_back', aliases: [] }], links: {} });
    await publishPorts(ctx, { containerId: `cyca${i}`, project: 'btcycle', service: 'web', ports: [{ target: 80, protocol: 'tcp', mode: 'ingress' }, { target: 53, protocol: 'udp', mode: 'ingress', published: '47810' }] });
    if (i === 0) assert.notDeepEqual(kernelObjects(ctx.root, [a.name, b.name]), before, 'a cycle creates objects (else this test could not fail)');
    await detach(ctx, `cyca${i}`);
    await detach(ctx, `cycb${i}`);
    await removeProject(ctx, 'btcycle');
  }
  for (let i = 0; i < 100 && dnsPid(ctx.root); i++) await sleep(20);
  assert.deepEqual(kernelObjects(ctx.root, [a.name, b.name]), before);
  assert.deepEqual(readState(ctx.root), { networks: {}, endpoints: [], ports: [] });
});

test('after a crash, the next command removes what dead containers left and brings back lost bridges', async (t) => {
  if (!prerequisites(t)) return;
  const ctx = await netRoot(t, POOL);
  const p = project('btcrash', { default: {} });
  const net = await ensureNetwork(ctx, p, 'default');
  const a = netns(t, 'bt-t-crash-a');
  await attach(ctx, { id: 'crasha', name: 'btcrash-web-1', project: 'btcrash', service: 'web', netnsPath: a.path, networks: [{ name: 'btcrash_default', aliases: [] }], links: {} });
  await publishPorts(ctx, { containerId: 'crasha', project: 'btcrash', service: 'web', ports: [{ target: 80, protocol: 'tcp', mode: 'ingress', published: '47811' }] });
  // the container dies without Berth knowing: its namespace, and with it the veth, goes away
  must(['ip', 'netns', 'del', a.name]);
  for (let i = 0; i < 100 && readState(ctx.root).endpoints.some((e) => sh(['ip', 'link', 'show', e.veth]).status === 0); i++) await sleep(20);
  const swept = await sweepStale(ctx);
  assert.deepEqual(swept.deadContainers, ['crasha']);
  assert.deepEqual(readState(ctx.root).endpoints, []);
  assert.deepEqual(readState(ctx.root).ports, []);
  assert.ok(!must(['iptables-save']).includes('--dport 47811'), 'the dead container\'s port rules are gone');
  // a reboot: bridge and rules are gone, the state still lists the network
  must(['ip', 'link', 'del', net.bridge]);
  await ensureNetwork(ctx, p, 'default');
  assert.equal(sh(['ip', 'link', 'show', net.bridge]).status, 0, 'the bridge is back');
  assert.match(must(['ip', '-o', '-4', 'addr', 'show', 'dev', net.bridge]), new RegExp(`${net.gateway.replaceAll('.', '\\.')}/24`));
});
