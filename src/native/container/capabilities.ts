/** Capabilities by name, and the set a container gets: Docker's default, then cap_add, then cap_drop. */
import { RuntimeError } from '../../errors.js';

const NUMBERS: Readonly<Record<string, number>> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7,
  SETPCAP: 8, LINUX_IMMUTABLE: 9, NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13,
  IPC_LOCK: 14, IPC_OWNER: 15, SYS_MODULE: 16, SYS_RAWIO: 17, SYS_CHROOT: 18, SYS_PTRACE: 19, SYS_PACCT: 20,
  SYS_ADMIN: 21, SYS_BOOT: 22, SYS_NICE: 23, SYS_RESOURCE: 24, SYS_TIME: 25, SYS_TTY_CONFIG: 26, MKNOD: 27,
  LEASE: 28, AUDIT_WRITE: 29, AUDIT_CONTROL: 30, SETFCAP: 31, MAC_OVERRIDE: 32, MAC_ADMIN: 33, SYSLOG: 34,
  WAKE_ALARM: 35, BLOCK_SUSPEND: 36, AUDIT_READ: 37, PERFMON: 38, BPF: 39, CHECKPOINT_RESTORE: 40,
};

export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP',
  'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

function normalize(name: string): string {
  const n = name.trim().toUpperCase();
  return n.startsWith('CAP_') ? n.slice(4) : n;
}

/** capability numbers, sorted; unknown names are the user's mistake */
export function capabilitySet(add: readonly string[], drop: readonly string[]): number[] {
  const all = Object.keys(NUMBERS);
  const set = new Set(DEFAULT_CAPABILITIES);
  for (const raw of add) {
    const n = normalize(raw);
    if (n === 'ALL') all.forEach((c) => set.add(c));
    else if (n in NUMBERS) set.add(n);
    else throw new RuntimeError(`cap_add: unknown capability ${raw}`);
  }
  for (const raw of drop) {
    const n = normalize(raw);
    if (n === 'ALL') set.clear();
    else if (n in NUMBERS) set.delete(n);
    else throw new RuntimeError(`cap_drop: unknown capability ${raw}`);
  }
  return [...set].map((c) => NUMBERS[c]!).sort((a, b) => a - b);
}

/** the /proc/<pid>/status Cap* bitmask of a set, as hex */
export function capabilityMask(caps: readonly number[]): string {
  return caps.reduce((m, c) => m | (1n << BigInt(c)), 0n).toString(16).padStart(16, '0');
}

/** the names (without CAP_) of a set of capability numbers */
export function capabilityNames(caps: readonly number[]): Set<string> {
  const byNumber = new Map(Object.entries(NUMBERS).map(([name, n]) => [n, name]));
  return new Set(caps.map((n) => byNumber.get(n)).filter((n): n is string => n !== undefined));
}
