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

/** Our chains, and the jumps into them from the built-in chains. */
export const OUR_CHAINS: readonly [Table, string][] = [
  ['filter', CHAINS.forward],
  ['nat', CHAINS.postrouting],
  ['nat', CHAINS.dnat],
];

export const JUMPS: readonly Rule[] = [
  // first in FORWARD: dockerd's policy is DROP and its own chains come before the policy
  { table: 'filter', chain: 'FORWARD', args: ['-j', CHAINS.forward] },
  { table: 'nat', chain: 'POSTROUTING', args: ['-j', CHAINS.postrouting] },
  { table: 'nat', chain: 'PREROUTING', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', CHAINS.dnat] },
  { table: 'nat', chain: 'OUTPUT', args: ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', CHAINS.dnat] },
];

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

const quote = (a: string): string => (/[\s"]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a);

/** A rule as `iptables-save` prints it (and `iptables-restore` reads it). */
export function ruleLine(r: Rule, op = '-A'): string {
  return [op, r.chain, ...r.args].map(quote).join(' ');
}

/** Splits one line of `iptables-save` output into arguments (it quotes values with spaces). */
export function splitRuleLine(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

export function commentOf(line: string): string | undefined {
  const args = splitRuleLine(line);
  const i = args.indexOf('--comment');
  return i >= 0 ? args[i + 1] : undefined;
}

/** The filter and nat tables of `iptables-save` output: chain names and rule lines. */
export interface Ruleset {
  readonly chains: Readonly<Record<Table, ReadonlySet<string>>>;
  readonly rules: Readonly<Record<Table, readonly string[]>>;
}

export function parseSave(text: string): Ruleset {
  const chains: Record<Table, Set<string>> = { filter: new Set(), nat: new Set() };
  const rules: Record<Table, string[]> = { filter: [], nat: [] };
  let table: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line === '*filter' ? 'filter' : line === '*nat' ? 'nat' : undefined;
    else if (!table) continue;
    else if (line.startsWith(':')) chains[table].add(line.slice(1).split(' ')[0] ?? '');
    else if (line.startsWith('-A ')) rules[table].push(line);
  }
  return { chains, rules };
}

/** `iptables-restore --noflush` input from lines per table; '' when there is nothing to do. */
function restoreText(lines: Record<Table, string[]>): string {
  return (['filter', 'nat'] as const)
    .filter((t) => lines[t].length)
    .map((t) => `*${t}\n${lines[t].join('\n')}\nCOMMIT\n`)
    .join('');
}

export interface RuleGroup {
  /** every rule of the group carries exactly this comment */
  readonly tag: string;
  readonly rules: readonly Rule[];
}

/**
 * What makes the ruleset hold our chains, the jumps into them and every group. A group that
 * is incomplete (a crash half-way) is replaced as a whole; a complete one is left alone.
 */
export function planEnsure(rs: Ruleset, groups: readonly RuleGroup[]): string {
  const lines: Record<Table, string[]> = { filter: [], nat: [] };
  for (const [t, c] of OUR_CHAINS) if (!rs.chains[t].has(c)) lines[t].push(`:${c} - [0:0]`);
  for (const j of JUMPS) {
    if (!rs.rules[j.table].includes(ruleLine(j))) lines[j.table].push(ruleLine(j, '-I').replace(` ${j.chain} `, ` ${j.chain} 1 `));
  }
  for (const g of groups) {
    for (const t of ['filter', 'nat'] as const) {
      const want = g.rules.filter((r) => r.table === t);
      const have = rs.rules[t].filter((l) => commentOf(l) === g.tag);
      if (have.length === want.length) continue;
      lines[t].push(...have.map((l) => l.replace(/^-A /, '-D ')), ...want.map((r) => ruleLine(r)));
    }
  }
  return restoreText(lines);
}

/**
 * Deletes every rule whose comment `matches`. When no rule is left in our chains, the jumps
 * and chains go as well, so a host looks as before Berth.
 */
export function planRemoval(rs: Ruleset, matches: (comment: string) => boolean): string {
  const lines: Record<Table, string[]> = { filter: [], nat: [] };
  let left = 0;
  for (const t of ['filter', 'nat'] as const) {
    for (const l of rs.rules[t]) {
      const chain = l.split(' ')[1] ?? '';
      if (!OUR_CHAINS.some(([ot, oc]) => ot === t && oc === chain)) continue;
      const c = commentOf(l);
      if (c !== undefined && matches(c)) lines[t].push(l.replace(/^-A /, '-D '));
      else left++;
    }
  }
  if (left === 0) {
    for (const j of JUMPS) if (rs.rules[j.table].includes(ruleLine(j))) lines[j.table].push(ruleLine(j, '-D'));
    for (const [t, c] of OUR_CHAINS) if (rs.chains[t].has(c)) lines[t].push(`-X ${c}`);
  }
  return restoreText(lines);
}

/** A tag and everything under it (`tag:...`): a network's rules with its ports, or one container's ports. */
export const underTag = (tag: string) => (c: string): boolean => c === tag || c.startsWith(`${tag}:`);
