/**
 * The devices cgroup policy of a container, as Docker sets it: deny everything, then allow the
 * standard nodes, mknod of any node (creating is harmless, opening is what the rules guard),
 * and the service's `devices`; `privileged` allows all. v1 writes these rules to
 * devices.deny/devices.allow; v2 has no such files and needs an eBPF program instead.
 */
export interface DeviceRule {
  /** 'a' (all) only appears in the privileged policy */
  readonly kind: 'c' | 'b' | 'a';
  readonly major: number | '*';
  readonly minor: number | '*';
  /** a non-empty subset of "rwm" */
  readonly access: string;
}

/** 'all' for privileged containers, else the rules allowed on top of the defaults */
export type DevicePolicy = 'all' | readonly DeviceRule[];

const c = (major: number | '*', minor: number | '*', access = 'rwm'): DeviceRule => ({ kind: 'c', major, minor, access });

export const DEFAULT_DEVICE_RULES: readonly DeviceRule[] = [
  c(1, 3), c(1, 5), c(1, 7), c(1, 8), c(1, 9), // null zero full random urandom
  c(5, 0), c(5, 1), c(5, 2), // tty console ptmx
  c(136, '*'), // pts
  c(10, 200), // net/tun, which Docker also allows by default
  c('*', '*', 'm'), { kind: 'b', major: '*', minor: '*', access: 'm' },
];

/** the allow rules in the order they are applied, after denying all */
export function allowedDevices(policy: DevicePolicy | undefined): readonly DeviceRule[] {
  if (policy === 'all') return [{ kind: 'a', major: '*', minor: '*', access: 'rwm' }];
  return [...DEFAULT_DEVICE_RULES, ...(policy ?? [])];
}

/** "c 1:3 rwm", the v1 devices.allow syntax ("a" alone for all) */
export function deviceRuleText(r: DeviceRule): string {
  return r.kind === 'a' ? 'a' : `${r.kind} ${r.major}:${r.minor} ${r.access}`;
}

/** the v1 control-file writes, in order: the kernel takes one rule per write */
export function v1DeviceWrites(policy: DevicePolicy | undefined): [file: 'devices.deny' | 'devices.allow', rule: string][] {
  return [['devices.deny', 'a'], ...allowedDevices(policy).map((r): ['devices.allow', string] => ['devices.allow', deviceRuleText(r)])];
}
