/**
 * Normalization: the merged, validated tree becomes the one typed, readonly Project.
 * Short syntaxes are expanded, defaults filled in, units converted, env files read,
 * implicit dependencies folded into `dependencies`. Mistakes only visible here (an
 * invalid port spec, a missing env file) are collected and thrown together.
 */
import { ComposeFileErrors, type ComposeFileError } from '../../errors.js';
import type { Network, Project, Service } from '../../model/project.js';
import { isRecord, type NormalizeContext } from './context.js';
import type { NormalizeInput } from './input.js';
import { normalizeNetwork, normalizeSecretOrConfig, normalizeVolume } from './resources.js';
import { normalizeService } from './service.js';

export type { NormalizeInput } from './input.js';

// for-in rather than for-of over entries: in the cold code of one run, the latter
// allocates an array per entry and a result per step, for every service of the project
function mapEntries<T>(v: unknown, f: (key: string, value: unknown) => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (isRecord(v)) for (const k in v) out[k] = f(k, v[k]);
  return out;
}

export function normalizeProject(input: NormalizeInput): Project {
  const errors: ComposeFileError[] = [];
  const ctx: NormalizeContext = { project: input.name, workingDir: input.workingDir, env: input.env, map: input.map, errors };
  const disabled = new Set(input.disabledServices);
  const services: Record<string, Service> = {};
  const disabledServices: Record<string, Service> = {};
  const tree = isRecord(input.tree.services) ? input.tree.services : {};
  for (const name in tree) {
    const raw = tree[name];
    if (disabled.has(name)) {
      // a disabled service is not started, so its missing env files or bad specs do not stop the project
      disabledServices[name] = normalizeService(name, raw, { ...ctx, errors: [] }, input.format);
    } else {
      services[name] = normalizeService(name, raw, ctx, input.format);
    }
  }
  const networks: Record<string, Network> = mapEntries(input.tree.networks, (k, v) => normalizeNetwork(k, v, ctx));
  let usesDefault = false;
  for (const name in services) if ('default' in services[name]!.networks) usesDefault = true;
  if (usesDefault && !networks.default) networks.default = normalizeNetwork('default', null, ctx);
  const extensions: Record<string, unknown> = {};
  for (const k in input.tree) if (k.startsWith('x-')) extensions[k] = input.tree[k];
  if (errors.length) throw new ComposeFileErrors(errors);
  return {
    name: input.name,
    working_dir: input.workingDir,
    config_files: input.configFiles,
    format: input.format,
    services,
    disabled_services: disabledServices,
    networks,
    volumes: mapEntries(input.tree.volumes, (k, v) => normalizeVolume(k, v, ctx)),
    secrets: mapEntries(input.tree.secrets, (k, v) => normalizeSecretOrConfig(k, v, ctx)),
    configs: mapEntries(input.tree.configs, (k, v) => normalizeSecretOrConfig(k, v, ctx)),
    extensions,
  };
}
