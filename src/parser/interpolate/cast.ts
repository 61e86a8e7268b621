/**
 * After interpolation a number or boolean written as `${REPLICAS}` is still a string;
 * the schema wants the real type, so strings at these paths are converted here.
 * A value that does not convert is left alone for schema validation to report.
 */
import type { YamlPath } from '../source-map.js';

type Caster = (s: string) => unknown;

const toInt: Caster = (s) => (/^[+-]?\d+$/.test(s.trim()) ? Number.parseInt(s, 10) : s);
const toFloat: Caster = (s) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
const toBool: Caster = (s) => {
  const v = s.trim().toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(v)) return true;
  if (['n', 'no', 'false', 'off'].includes(v)) return false;
  return s;
};

const S = 'services.*';
const RULES: readonly (readonly [string, Caster])[] = [
  ...['cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares',
    'mem_swappiness', 'oom_score_adj', 'pids_limit', 'scale', 'ports.*.target', 'healthcheck.retries',
    'deploy.replicas', 'deploy.resources.limits.pids', 'deploy.resources.reservations.pids',
    'deploy.restart_policy.max_attempts', 'ulimits.*', 'ulimits.*.hard', 'ulimits.*.soft',
    'secrets.*.mode', 'configs.*.mode', 'volumes.*.tmpfs.mode', 'networks.*.priority',
    'blkio_config.weight', 'blkio_config.weight_device.*.weight']
    .map((p) => [`${S}.${p}`, toInt] as const),
  ...['cpus', 'deploy.resources.limits.cpus', 'deploy.resources.reservations.cpus']
    .map((p) => [`${S}.${p}`, toFloat] as const),
  ...['privileged', 'read_only', 'stdin_open', 'tty', 'init', 'oom_kill_disable', 'healthcheck.disable',
    'volumes.*.read_only', 'volumes.*.volume.nocopy', 'volumes.*.bind.create_host_path',
    'depends_on.*.required', 'depends_on.*.restart', 'build.privileged']
    .map((p) => [`${S}.${p}`, toBool] as const),
  ...['networks.*.external', 'networks.*.internal', 'networks.*.attachable', 'networks.*.enable_ipv6',
    'volumes.*.external', 'secrets.*.external', 'configs.*.external']
    .map((p) => [p, toBool] as const),
];

// indexed by last segment (rules ending in `*` apart), because every string of a file is looked up here
type Rule = readonly [readonly string[], Caster];
const BY_LAST = new Map<string, Rule[]>();
const ENDING_IN_WILDCARD: Rule[] = [];
for (const [p, c] of RULES) {
  const segs = p.split('.');
  const last = segs[segs.length - 1]!;
  if (last === '*') ENDING_IN_WILDCARD.push([segs, c]);
  else BY_LAST.set(last, [...(BY_LAST.get(last) ?? []), [segs, c]]);
}

function matches(pattern: readonly string[], path: YamlPath): boolean {
  if (pattern.length !== path.length) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== '*' && pattern[i] !== String(path[i])) return false;
  return true;
}

/** the first rule of `rules` whose pattern matches `path` */
function firstMatch(rules: readonly Rule[], path: YamlPath): Caster | undefined {
  for (let i = 0; i < rules.length; i++) if (matches(rules[i]![0], path)) return rules[i]![1];
  return undefined;
}

/**
 * Converts `value` if `path` expects a number or boolean. Called for every string of a
 * file, in cold code: plain loops, no destructuring (which allocates there).
 */
export function castAt(path: YamlPath, value: string): unknown {
  const last = path[path.length - 1];
  const rules = typeof last === 'string' ? BY_LAST.get(last) : undefined;
  const cast = (rules && firstMatch(rules, path)) ?? firstMatch(ENDING_IN_WILDCARD, path);
  return cast ? cast(value) : value;
}
