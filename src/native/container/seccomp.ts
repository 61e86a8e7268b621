/**
 * The seccomp filter a container gets, decided here and only installed by the shim.
 * Docker's default profile is an allow-list; Berth mirrors its effect as a deny-list of the
 * syscalls Docker's documentation names as blocked, lifted by the same capabilities that
 * lift them in Docker (cap_add SYS_ADMIN allows mount, SYS_TIME allows clock_settime, ...).
 * Rules name syscalls, not numbers: the shim resolves names with the kernel headers it was
 * compiled against, per architecture, so no hand-kept number table can drift.
 */
import { RuntimeError } from '../../errors.js';
import type { SeccompChoice } from './security-opt.js';

export const EPERM = 1;
export const ENOSYS = 38;

export type SyscallCondition =
  /** deny only when `arg & mask` is non-zero (low 32 bits) */
  | { readonly kind: 'masked'; readonly arg: number; readonly mask: number }
  /** deny unless the argument is one of `values` (low 32 bits) */
  | { readonly kind: 'not-in'; readonly arg: number; readonly values: readonly number[] };

export interface SyscallRule {
  readonly name: string;
  readonly errno: number;
  readonly when?: SyscallCondition;
}

export type SeccompPolicy = { readonly mode: 'unconfined' } | { readonly mode: 'filter'; readonly rules: readonly SyscallRule[] };

/** denied whatever the capabilities: the keyring is not namespaced, the rest is obsolete or loads kernels */
const ALWAYS_DENIED = [
  'add_key', 'keyctl', 'request_key', 'kexec_load', 'kexec_file_load', 'create_module', 'get_kernel_syms',
  'query_module', 'nfsservctl', 'sysfs', '_sysctl', 'uselib', 'ustat', 'vm86', 'vm86old',
  'io_uring_setup', 'io_uring_enter', 'io_uring_register',
] as const;

/** syscall -> the capabilities (any one suffices) that make Docker allow it */
const CAPABILITY_GATED: Readonly<Record<string, readonly string[]>> = {
  mount: ['SYS_ADMIN'], umount: ['SYS_ADMIN'], umount2: ['SYS_ADMIN'], unshare: ['SYS_ADMIN'], setns: ['SYS_ADMIN'],
  pivot_root: ['SYS_ADMIN'], swapon: ['SYS_ADMIN'], swapoff: ['SYS_ADMIN'], quotactl: ['SYS_ADMIN'],
  quotactl_fd: ['SYS_ADMIN'], lookup_dcookie: ['SYS_ADMIN'], fanotify_init: ['SYS_ADMIN'], fsopen: ['SYS_ADMIN'],
  fsconfig: ['SYS_ADMIN'], fsmount: ['SYS_ADMIN'], fspick: ['SYS_ADMIN'], move_mount: ['SYS_ADMIN'],
  open_tree: ['SYS_ADMIN'], mount_setattr: ['SYS_ADMIN'], sethostname: ['SYS_ADMIN'], setdomainname: ['SYS_ADMIN'],
  bpf: ['SYS_ADMIN', 'BPF'], perf_event_open: ['SYS_ADMIN', 'PERFMON'], syslog: ['SYS_ADMIN', 'SYSLOG'],
  reboot: ['SYS_BOOT'],
  init_module: ['SYS_MODULE'], finit_module: ['SYS_MODULE'], delete_module: ['SYS_MODULE'],
  acct: ['SYS_PACCT'],
  kcmp: ['SYS_PTRACE'], process_vm_readv: ['SYS_PTRACE'], process_vm_writev: ['SYS_PTRACE'],
  pidfd_getfd: ['SYS_PTRACE'], process_madvise: ['SYS_PTRACE'], userfaultfd: ['SYS_PTRACE'],
  iopl: ['SYS_RAWIO'], ioperm: ['SYS_RAWIO'],
  settimeofday: ['SYS_TIME'], stime: ['SYS_TIME'], clock_settime: ['SYS_TIME'], clock_settime64: ['SYS_TIME'],
  clock_adjtime: ['SYS_TIME'], clock_adjtime64: ['SYS_TIME'],
  get_mempolicy: ['SYS_NICE'], set_mempolicy: ['SYS_NICE'], mbind: ['SYS_NICE'], move_pages: ['SYS_NICE'],
  set_mempolicy_home_node: ['SYS_NICE'],
  vhangup: ['SYS_TTY_CONFIG'],
  open_by_handle_at: ['DAC_READ_SEARCH'],
};

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;
/** PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, and the query value */
export const PERSONALITIES_ALLOWED: readonly number[] = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

/** every syscall name a policy can mention; the shim's table must know each of them */
export const SECCOMP_SYSCALL_NAMES: readonly string[] = [
  ...ALWAYS_DENIED, ...Object.keys(CAPABILITY_GATED), 'ptrace', 'clone', 'clone3', 'personality',
];

/** "6.1.0-18-amd64" -> [6, 1] */
export function kernelVersion(release: string): readonly [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export interface SeccompInput {
  readonly serviceName: string;
  readonly privileged: boolean;
  readonly choice: SeccompChoice;
  /** the container's capability names after cap_add/cap_drop (without CAP_) */
  readonly capabilities: ReadonlySet<string>;
  readonly kernel: readonly [number, number];
}

export function seccompPolicy(input: SeccompInput): SeccompPolicy {
  if (input.privileged || input.choice.kind === 'unconfined') return { mode: 'unconfined' };
  if (input.choice.kind === 'profile')
    throw new RuntimeError(`service ${input.serviceName}: security_opt seccomp=${input.choice.path}: seccomp profile files are not supported by the native backend yet (use seccomp=unconfined or the default)`);
  const has = (caps: readonly string[]) => caps.some((c) => input.capabilities.has(c));
  const rules: SyscallRule[] = ALWAYS_DENIED.map((name) => ({ name, errno: EPERM }));
  for (const [name, caps] of Object.entries(CAPABILITY_GATED)) if (!has(caps)) rules.push({ name, errno: EPERM });
  // before 4.8 a tracer could rewrite a syscall after seccomp had checked it
  const [major, minor] = input.kernel;
  if ((major < 4 || (major === 4 && minor < 8)) && !has(['SYS_PTRACE'])) rules.push({ name: 'ptrace', errno: EPERM });
  if (!has(['SYS_ADMIN'])) {
    rules.push({ name: 'clone', errno: EPERM, when: { kind: 'masked', arg: 0, mask: CLONE_NAMESPACE_FLAGS } });
    // clone3 passes its flags in memory a filter cannot read: ENOSYS makes libc fall back to clone
    rules.push({ name: 'clone3', errno: ENOSYS });
  }
  rules.push({ name: 'personality', errno: EPERM, when: { kind: 'not-in', arg: 0, values: PERSONALITIES_ALLOWED } });
  return { mode: 'filter', rules };
}

/** the shim config's `seccomp` records: name, errno[, condition kind, arg, values...] */
export function seccompRecords(policy: SeccompPolicy): (string | number)[][] {
  if (policy.mode === 'unconfined') return [];
  return policy.rules.map((r) => {
    const base: (string | number)[] = [r.name, r.errno];
    if (!r.when) return base;
    if (r.when.kind === 'masked') return [...base, 'masked', r.when.arg, r.when.mask];
    return [...base, 'not-in', r.when.arg, ...r.when.values];
  });
}
