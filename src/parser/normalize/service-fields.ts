/**
 * One small function per service attribute, keyed by field name: each takes the
 * value as written (after interpolation and validation) and returns the model fields
 * it sets. Fields not listed here are kept verbatim in `extensions`.
 */
import type { ServiceFileReference, ServiceNetwork, Ulimit } from '../../model/project.js';
import { fail, isRecord, scalarString, stringList, stringMap, type NormalizeContext } from './context.js';
import type { YamlPath } from '../source-map.js';
import { normalizeBuild } from './build.js';
import { normalizeDeploy } from './deploy.js';
import { normalizeHealthcheck } from './healthcheck.js';
import { normalizePorts } from './ports.js';
import { shellSplit } from './shell-split.js';
import { parseBool, parseDuration, parseInteger, parseMode, parseNumber, parseSize } from './units.js';
import { normalizeServiceVolumes } from './volumes.js';

type Fields = Record<string, unknown>;
export type FieldNormalizer = (value: unknown, ctx: NormalizeContext, path: YamlPath, field: string) => Fields;

function converted(parse: (v: unknown) => unknown, expected: string): FieldNormalizer {
  return (value, ctx, path, field) => {
    const v = parse(value);
    if (v === undefined) {
      fail(ctx, path, `invalid value "${scalarString(value)}": expected ${expected}`);
      return {};
    }
    return { [field]: v };
  };
}

const text: FieldNormalizer = (v, _c, _p, field) => ({ [field]: scalarString(v) });
const bool = converted(parseBool, 'a boolean');
const int = converted(parseInteger, 'a whole number');
const num = converted(parseNumber, 'a number');
const size = converted(parseSize, 'a size such as "512m"');
const duration = converted(parseDuration, 'a duration such as "1m30s"');
const list: FieldNormalizer = (v, _c, _p, field) => ({ [field]: stringList(v) });
const map: FieldNormalizer = (v, _c, _p, field) => ({ [field]: stringMap(v) });

const commandLike: FieldNormalizer = (value, ctx, path, field) => {
  if (value === null || value === undefined) return { [field]: null };
  if (Array.isArray(value)) return { [field]: value.map(scalarString) };
  const words = shellSplit(scalarString(value));
  if ('error' in words) {
    fail(ctx, path, `invalid ${field} "${scalarString(value)}": ${words.error}`);
    return {};
  }
  return { [field]: words };
};

function fileReferences(defaultDir: string): FieldNormalizer {
  return (value, _ctx, _path, field) => {
    const refs: ServiceFileReference[] = stringOrRecords(value).map((r) => {
      const source = scalarString(r.source);
      const target = r.target === undefined ? source : scalarString(r.target);
      const mode = parseMode(r.mode);
      return {
        source,
        target: target.startsWith('/') ? target : `${defaultDir}${target}`,
        ...(r.uid !== undefined ? { uid: scalarString(r.uid) } : {}),
        ...(r.gid !== undefined ? { gid: scalarString(r.gid) } : {}),
        ...(mode !== undefined ? { mode } : {}),
      };
    });
    return { [field]: refs };
  };
}

function stringOrRecords(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (isRecord(v) ? v : { source: v }));
}

const ulimits: FieldNormalizer = (value) => {
  const out: Record<string, Ulimit> = {};
  if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) {
      const single = parseInteger(v);
      if (single !== undefined) out[name] = { soft: single, hard: single };
      else if (isRecord(v)) out[name] = { soft: parseInteger(v.soft) ?? 0, hard: parseInteger(v.hard) ?? 0 };
    }
  }
  return { ulimits: out };
};

/** `host:ip`, `host=ip` or {host: ip | [ips]} -> "host:ip" entries */
const extraHosts: FieldNormalizer = (value) => {
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value.map(scalarString)) {
      const eq = item.indexOf('=');
      out.push(eq >= 0 ? `${item.slice(0, eq)}:${item.slice(eq + 1)}` : item);
    }
  } else if (isRecord(value)) {
    for (const [host, ips] of Object.entries(value)) for (const ip of stringList(ips)) out.push(`${host}:${ip}`);
  }
  return { extra_hosts: out };
};

const devices: FieldNormalizer = (value) => ({
  devices: (Array.isArray(value) ? value : []).map((d) =>
    isRecord(d) ? [d.source, d.target ?? d.source, d.permissions].filter((x) => x !== undefined).map(scalarString).join(':') : scalarString(d),
  ),
});

const logging: FieldNormalizer = (value) => {
  const v = isRecord(value) ? value : {};
  return {
    logging: { ...(v.driver !== undefined ? { driver: scalarString(v.driver) } : {}), options: stringMap(v.options) },
  };
};

export const serviceNetworks: FieldNormalizer = (value) => {
  const out: Record<string, ServiceNetwork> = {};
  if (Array.isArray(value)) {
    for (const name of value) out[scalarString(name)] = { aliases: [] };
  } else if (isRecord(value)) {
    for (const [name, spec] of Object.entries(value)) {
      const s = isRecord(spec) ? spec : {};
      const { aliases, link_local_ips, priority, ...rest } = s;
      out[name] = {
        ...rest,
        aliases: stringList(aliases),
        ...(link_local_ips !== undefined ? { link_local_ips: stringList(link_local_ips) } : {}),
        ...(parseNumber(priority) !== undefined ? { priority: parseNumber(priority) } : {}),
      } as ServiceNetwork;
    }
  }
  return { networks: out };
};

const memswap: FieldNormalizer = (value, ctx, path, field) =>
  value === -1 || value === '-1' ? { [field]: -1 } : size(value, ctx, path, field);

export const SERVICE_FIELDS: Readonly<Record<string, FieldNormalizer>> = {
  image: text, pull_policy: text, restart: text, container_name: text, hostname: text, domainname: text,
  user: text, working_dir: text, stop_signal: text, cpuset: text, ipc: text, pid: text, platform: text,
  network_mode: text,
  init: bool, privileged: bool, read_only: bool, stdin_open: bool, tty: bool,
  shm_size: size, mem_limit: size, mem_reservation: size, memswap_limit: memswap,
  cpu_shares: int, pids_limit: int, scale: int, cpus: num,
  stop_grace_period: duration,
  cap_add: list, cap_drop: list, tmpfs: list, dns: list, dns_search: list, dns_opt: list,
  external_links: list, volumes_from: list, group_add: list, security_opt: list, profiles: list, expose: list,
  labels: map, annotations: map, sysctls: map,
  command: commandLike, entrypoint: commandLike,
  ulimits, extra_hosts: extraHosts, devices, logging,
  secrets: fileReferences('/run/secrets/'),
  configs: fileReferences('/'),
  networks: serviceNetworks,
  build: (v, ctx) => {
    const build = normalizeBuild(v, ctx);
    return build ? { build } : {};
  },
  healthcheck: (v) => {
    const healthcheck = normalizeHealthcheck(v);
    return healthcheck ? { healthcheck } : {};
  },
  deploy: (v) => {
    const deploy = normalizeDeploy(v);
    return deploy ? { deploy } : {};
  },
  ports: (v, ctx, path) => ({ ports: normalizePorts(v, ctx, path) }),
  volumes: (v, ctx, path) => ({ volumes: normalizeServiceVolumes(v, ctx, path) }),
};

/** handled together by the service normalizer, because they combine several keys */
export const COMBINED_FIELDS: ReadonlySet<string> = new Set(['environment', 'env_file', 'depends_on', 'links', 'extends']);

