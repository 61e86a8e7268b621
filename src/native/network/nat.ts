/**
 * iptables rules, all in Berth's own chains so they coexist with dockerd's and clean-up
 * never touches anyone else's rules. Every rule carries a comment naming its network (and,
 * for published ports, its container), which is how rules are found again for removal.
 *
 * Published ports are kernel DNAT, also for 127.0.0.1 (route_localnet on the bridge plus a
 * MASQUERADE of loopback sources), instead of a userland proxy: no process per port and
 * no copy through user space; bench/native-port-throughput.mjs measures the result.
 */
import type { Command } from './host.js';
import { CHAINS } from './names.js';
import type { NetworkRecord, PortRecord } from './state.js';

export type Table = 'filter' | 'nat';

export interface Rule {
  readonly table: Table;
  readonly chain: string;
  readonly args: readonly string[];
}

const ipt = (table: Table, ...args: string[]): Command => ['iptables', '-w', '-t', table, ...args];

/** Our chains and the jumps into them, as (check, create) pairs: the create runs only when the check fails. */
export function baseRules(): { check: Command; create: Command }[] {
  const chains: [Table, string][] = [
    ['filter', CHAINS.forward],
    ['nat', CHAINS.postrouting],
    ['nat', CHAINS.dnat],
  ];
  const jumps: [Table, string, string[]][] = [
    // first in FORWARD: dockerd's policy is DROP and its own chains come before the policy
    ['filter', 'FORWARD', ['-j', CHAINS.forward]],
    ['nat', 'POSTROUTING', ['-j', CHAINS.postrouting]],
    ['nat', 'PREROUTING', ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', CHAINS.dnat]],
    ['nat', 'OUTPUT', ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', CHAINS.dnat]],
  ];
  return [
    ...chains.map(([t, c]) => ({ check: ipt(t, '-S', c), create: ipt(t, '-N', c) })),
    ...jumps.map(([t, c, a]) => ({ check: ipt(t, '-C', c, ...a), create: ipt(t, '-I', c, '1', ...a) })),
  ];
}

const comment = (tag: string): string[] => ['-m', 'comment', '--comment', tag];

export function networkRules(net: Pick<NetworkRecord, 'tag' | 'bridge' | 'subnet' | 'internal'>): Rule[] {
  const tag = comment(net.tag);
  const br = net.bridge;
  const f = (...args: string[]): Rule => ({ table: 'filter', chain: CHAINS.forward, args: [...args, ...tag] });
  const n = (...args: string[]): Rule => ({ table: 'nat', chain: CHAINS.postrouting, args: [...args, ...tag] });
  const rules: Rule[] = [
    f('-i', br, '-o', br, '-j', 'ACCEPT'),
    // networks are isolated from each other, as on Docker: `bt-+` matches every Berth bridge
    f('-i', br, '-o', 'bt-+', '-j', 'DROP'),
  ];
  if (net.internal) {
    rules.push(f('-i', br, '!', '-o', br, '-j', 'DROP'), f('-o', br, '!', '-i', br, '-j', 'DROP'));
  } else {
    rules.push(
      f('-i', br, '!', '-o', br, '-j', 'ACCEPT'),
      f('-o', br, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'),
      n('-s', net.subnet, '!', '-o', br, '-j', 'MASQUERADE'),
    );
  }
  rules.push(
    // 127.0.0.1 published ports: the container must see a source it can answer
    n('-s', '127.0.0.0/8', '-o', br, '-j', 'MASQUERADE'),
    // hairpin: a container reaching a published port of its own network through a host address
    n('-s', net.subnet, '-o', br, '-m', 'conntrack', '--ctstate', 'DNAT', '-j', 'MASQUERADE'),
  );
  return rules;
}

export function portTag(net: Pick<NetworkRecord, 'tag'>, containerId: string): string {
  return `${net.tag}:${containerId.slice(0, 12)}`;
}

export function portRules(p: PortRecord, net: Pick<NetworkRecord, 'tag' | 'bridge'>): Rule[] {
  const tag = comment(portTag(net, p.containerId));
  const proto = ['-p', p.protocol];
  const dst = p.hostIp === '0.0.0.0' ? [] : ['-d', `${p.hostIp}/32`];
  return [
    {
      table: 'nat',
      chain: CHAINS.dnat,
      args: [...dst, ...proto, '--dport', String(p.hostPort), ...tag, '-j', 'DNAT', '--to-destination', `${p.targetIp}:${p.targetPort}`],
    },
    {
      table: 'filter',
      chain: CHAINS.forward,
      args: ['-d', `${p.targetIp}/32`, '!', '-i', net.bridge, '-o', net.bridge, ...proto, '--dport', String(p.targetPort), ...tag, '-j', 'ACCEPT'],
    },
  ];
}

/** The command appending a rule; rules for internal networks' DROPs stay after the ACCEPTs of ports. */
export function addRule(r: Rule): Command {
  return ipt(r.table, '-A', r.chain, ...r.args);
}

export function checkRule(r: Rule): Command {
  return ipt(r.table, '-C', r.chain, ...r.args);
}

/** Splits one line of `iptables -S` output into arguments (it quotes values with spaces). */
export function splitRuleLine(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

/**
 * Deletions for every rule in a chain whose comment is `tag` or starts with `tag:`,
 * from the chain's `iptables -S` output.
 */
export function planRuleRemoval(table: Table, chainListing: string, tag: string): Command[] {
  const out: Command[] = [];
  for (const line of chainListing.split('\n')) {
    if (!line.startsWith('-A ')) continue;
    const args = splitRuleLine(line);
    const i = args.indexOf('--comment');
    const c = i >= 0 ? args[i + 1] : undefined;
    if (c === undefined || (c !== tag && !c.startsWith(`${tag}:`))) continue;
    out.push(ipt(table, '-D', ...args.slice(1)));
  }
  return out;
}

/**
 * When every Berth chain is empty no state root uses them any more: the jumps and chains go
 * too, so a host looks as before Berth. From the three listings of our chains.
 */
export function planBaseRemoval(listings: readonly string[]): Command[] {
  if (listings.some((l) => l.split('\n').some((line) => line.startsWith('-A ')))) return [];
  return baseRules()
    .reverse()
    .map(({ create }) => {
      const [cmd = '', w = '', t = '', table = '', op = '', ...rest] = create;
      if (op === '-N') return [cmd, w, t, table, '-X', ...rest];
      // "-I CHAIN 1 rule..." -> "-D CHAIN rule..."
      const [chain = '', , ...rule] = rest;
      return [cmd, w, t, table, '-D', chain, ...rule];
    });
}

export const OUR_CHAINS: readonly [Table, string][] = [
  ['filter', CHAINS.forward],
  ['nat', CHAINS.postrouting],
  ['nat', CHAINS.dnat],
];

export function listChain(table: Table, chain: string): Command {
  return ipt(table, '-S', chain);
}
