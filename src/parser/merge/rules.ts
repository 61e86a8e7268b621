/**
 * Per-path merge rules (Compose Specification, "Merge"). A path pattern uses `*` for
 * any one key; the first matching rule decides how an overriding file's value combines
 * with the value already merged. Paths without a rule use the default: mappings merge
 * key by key, sequences append, anything else is replaced.
 */
import type { YamlPath } from '../source-map.js';
import { configKey, portKey, secretKey, volumeKey } from './keys.js';

export type MergeRule =
  | { readonly kind: 'replace' }
  /** list (`K=V` / `K`) or mapping forms, merged as a mapping */
  | { readonly kind: 'keyed-mapping'; readonly separator: '=' | ':' }
  /** list of names or mapping, merged as a mapping; a name alone becomes `listValue` */
  | { readonly kind: 'name-mapping'; readonly listValue: () => unknown }
  | { readonly kind: 'append-unique' }
  | { readonly kind: 'unique-by'; readonly key: (item: unknown) => string | undefined }
  | { readonly kind: 'build' }
  | { readonly kind: 'env-file' }
  | { readonly kind: 'logging' };

const S = 'services.*';
const TABLE: readonly (readonly [string, MergeRule])[] = [
  [`${S}.command`, { kind: 'replace' }],
  [`${S}.entrypoint`, { kind: 'replace' }],
  [`${S}.healthcheck.test`, { kind: 'replace' }],
  [`${S}.profiles`, { kind: 'replace' }],
  [`${S}.environment`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.labels`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.annotations`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.sysctls`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.build.args`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.build.labels`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.build.additional_contexts`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.deploy.labels`, { kind: 'keyed-mapping', separator: '=' }],
  [`${S}.networks`, { kind: 'name-mapping', listValue: () => null }],
  [`${S}.depends_on`, { kind: 'name-mapping', listValue: () => ({ condition: 'service_started' }) }],
  ...['cap_add', 'cap_drop', 'dns', 'dns_search', 'dns_opt', 'expose', 'extra_hosts', 'tmpfs', 'group_add',
    'security_opt', 'devices', 'links', 'external_links', 'volumes_from', 'build.cache_from', 'build.extra_hosts']
    .map((p) => [`${S}.${p}`, { kind: 'append-unique' }] as const),
  [`${S}.ports`, { kind: 'unique-by', key: portKey }],
  [`${S}.volumes`, { kind: 'unique-by', key: volumeKey }],
  [`${S}.secrets`, { kind: 'unique-by', key: secretKey }],
  [`${S}.configs`, { kind: 'unique-by', key: configKey }],
  [`${S}.build`, { kind: 'build' }],
  [`${S}.env_file`, { kind: 'env-file' }],
  [`${S}.logging`, { kind: 'logging' }],
  [`${S}.ulimits.*`, { kind: 'replace' }],
];

const COMPILED = TABLE.map(([p, r]) => [p.split('.'), r] as const);

export function ruleFor(path: YamlPath): MergeRule | undefined {
  for (const [pattern, rule] of COMPILED) {
    if (pattern.length === path.length && pattern.every((seg, i) => seg === '*' || seg === String(path[i]))) return rule;
  }
  return undefined;
}
