/**
 * The container's confinement beyond capabilities, decided once at create: which device nodes
 * it gets and what the devices cgroup allows, and which syscalls its seccomp filter denies.
 */
import { release } from 'node:os';
import type { Service } from '../../model/project.js';
import type { DevicePolicy } from '../cgroups/device-rules.js';
import { capabilityNames } from './capabilities.js';
import { resolveDevices, type DeviceHost } from './devices.js';
import type { DeviceRecord } from './mounts.js';
import { kernelVersion, seccompPolicy, seccompRecords } from './seccomp.js';
import { parseSecurityOptions } from './security-opt.js';

export interface ContainerSecurity {
  /** nodes to create on top of the default ones */
  readonly devices: readonly DeviceRecord[];
  readonly devicePolicy: DevicePolicy;
  /** the shim config's seccomp records; empty when unconfined */
  readonly seccomp: (string | number)[][];
}

type SecurityFields = Pick<Service, 'name' | 'privileged' | 'devices' | 'security_opt'>;

export function containerSecurity(service: SecurityFields, caps: readonly number[], host: DeviceHost, kernelRelease = release()): ContainerSecurity {
  const { seccomp } = parseSecurityOptions(service);
  const policy = seccompPolicy({
    serviceName: service.name,
    privileged: service.privileged,
    choice: seccomp,
    capabilities: capabilityNames(caps),
    kernel: kernelVersion(kernelRelease),
  });
  const devices = resolveDevices(service, host);
  return { devices: devices.records, devicePolicy: devices.policy, seccomp: seccompRecords(policy) };
}
