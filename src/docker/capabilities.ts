/** Service fields the Engine backend honours; anything else set in a file is warned about by name. */
import type { Capabilities } from '../runtime/runtime.js';

export const DOCKER_CAPABILITIES: Capabilities = {
  serviceFields: new Set([
    'image', 'pull_policy', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'volumes',
    'volumes_from', 'networks', 'network_mode', 'links', 'depends_on', 'healthcheck', 'restart', 'deploy', 'scale',
    'labels', 'container_name', 'hostname', 'domainname', 'user', 'working_dir', 'init', 'privileged', 'read_only',
    'stdin_open', 'tty', 'stop_signal', 'stop_grace_period', 'cap_add', 'cap_drop', 'tmpfs', 'ulimits', 'sysctls',
    'shm_size', 'extra_hosts', 'dns', 'dns_search', 'dns_opt', 'mem_limit', 'mem_reservation', 'memswap_limit', 'cpus',
    'cpu_shares', 'cpuset', 'pids_limit', 'group_add', 'ipc', 'pid', 'security_opt', 'devices', 'logging',
  ]),
};
