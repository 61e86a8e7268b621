/**
 * Rewrites a version-1 tree into the Compose Specification's shape: top-level keys
 * become `services`, and the keys v1 had that the specification renamed are moved:
 * log_driver/log_opt -> logging, net -> network_mode, dockerfile -> build.dockerfile.
 * In v1 every service joins one shared network and reaches others through links and
 * their aliases; the default network gives that, so no network is added here.
 */
import { copyEntryMeta, copyOwnLocation, entryMeta, isMapping, setEntryMeta, setOwnLocation } from '../yaml/located.js';

type Mapping = Record<string, unknown>;

function convertService(svc: Mapping, serviceNames: ReadonlySet<string>): Mapping {
  const out: Mapping = {};
  copyOwnLocation(svc, out);
  for (const [k, v] of Object.entries(svc)) {
    if (k === 'log_driver' || k === 'log_opt' || k === 'net' || k === 'dockerfile') continue;
    out[k] = v;
    copyEntryMeta(svc, k, out, k);
  }
  if (svc.log_driver !== undefined || svc.log_opt !== undefined) {
    const logging: Mapping = {};
    setOwnLocation(logging, entryMeta(svc, svc.log_driver !== undefined ? 'log_driver' : 'log_opt')?.key);
    if (svc.log_driver !== undefined) {
      logging.driver = svc.log_driver;
      copyEntryMeta(svc, 'log_driver', logging, 'driver');
    }
    if (svc.log_opt !== undefined) {
      logging.options = svc.log_opt;
      copyEntryMeta(svc, 'log_opt', logging, 'options');
    }
    out.logging = logging;
  }
  if (typeof svc.net === 'string') {
    // v1 wrote `container:<name>` for both containers and services of the same file.
    const m = /^container:(.+)$/.exec(svc.net);
    out.network_mode = m?.[1] !== undefined && serviceNames.has(m[1]) ? `service:${m[1]}` : svc.net;
    copyEntryMeta(svc, 'net', out, 'network_mode');
  }
  if (svc.dockerfile !== undefined) {
    const build: Mapping = isMapping(out.build) ? { ...out.build } : { context: out.build ?? '.' };
    if (isMapping(out.build)) copyOwnLocation(out.build, build);
    else if (out.build !== undefined) copyEntryMeta(svc, 'build', build, 'context');
    build.dockerfile = svc.dockerfile;
    copyEntryMeta(svc, 'dockerfile', build, 'dockerfile');
    out.build = build;
    setEntryMeta(out, 'build', entryMeta(svc, 'build') ?? entryMeta(svc, 'dockerfile'));
  }
  return out;
}

export function convertV1(tree: Mapping): Mapping {
  const services: Mapping = {};
  copyOwnLocation(tree, services);
  const out: Mapping = { services };
  copyOwnLocation(tree, out);
  const names = new Set(Object.keys(tree).filter((k) => !k.startsWith('x-')));
  for (const [k, v] of Object.entries(tree)) {
    if (k.startsWith('x-')) {
      out[k] = v;
      copyEntryMeta(tree, k, out, k);
      continue;
    }
    services[k] = isMapping(v) ? convertService(v, names) : v;
    copyEntryMeta(tree, k, services, k);
  }
  return out;
}
