/**
 * What a service is before any field of the file is applied: empty lists and mappings,
 * no command of its own. The parser starts every service from this, and so do tests
 * that build models by hand, so the two cannot drift apart.
 */
import type { Service } from './project.js';

/** a service being assembled field by field */
export type DraftService = { -readonly [K in keyof Service]: Service[K] };

export function serviceDefaults(name: string): DraftService {
  return {
    name,
    command: null,
    entrypoint: null,
    environment: {},
    env_file: [],
    ports: [],
    expose: [],
    volumes: [],
    volumes_from: [],
    networks: {},
    links: [],
    external_links: [],
    depends_on: {},
    dependencies: [],
    labels: {},
    annotations: {},
    privileged: false,
    read_only: false,
    stdin_open: false,
    tty: false,
    cap_add: [],
    cap_drop: [],
    tmpfs: [],
    ulimits: {},
    sysctls: {},
    extra_hosts: [],
    dns: [],
    dns_search: [],
    dns_opt: [],
    group_add: [],
    security_opt: [],
    devices: [],
    profiles: [],
    secrets: [],
    configs: [],
    extensions: {},
  };
}
