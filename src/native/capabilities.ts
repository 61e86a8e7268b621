/** The service fields the native backend honours; the executor warns about the others by name. */
import type { Capabilities } from '../runtime/runtime.js';
import { securityWarnings } from './container/security-opt.js';

export const NATIVE_CAPABILITIES: Capabilities = {
  serviceFields: new Set([
    'image', 'command', 'entrypoint', 'environment', 'env_file', 'volumes', 'tmpfs', 'working_dir', 'user',
    'group_add', 'hostname', 'domainname', 'labels', 'container_name', 'restart', 'deploy', 'scale',
    'healthcheck', 'depends_on', 'privileged', 'read_only', 'cap_add', 'cap_drop', 'ulimits', 'sysctls',
    'shm_size', 'extra_hosts', 'dns', 'dns_search', 'dns_opt', 'mem_limit', 'memswap_limit', 'cpus',
    'cpu_shares', 'cpuset', 'pids_limit', 'stop_signal', 'stop_grace_period', 'init', 'network_mode',
    'networks', 'pull_policy', 'annotations', 'platform', 'stdin_open', 'tty',
    // native networking (src/native/network)
    'ports', 'links', 'expose',
    // confinement (container/security.ts): devices cgroup and nodes, seccomp
    'devices', 'security_opt',
    // namespace sharing (container/namespaces.ts)
    'ipc', 'pid',
  ]),
  serviceWarnings: securityWarnings,
};
