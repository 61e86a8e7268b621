/**
 * Loads dockerode without paying for the parts Berth never calls. At load time dockerode
 * pulls in ssh2 (for ssh:// hosts, with a native addon), gRPC with protobufjs (for BuildKit
 * sessions) and tar-fs with a .dockerignore parser (for build contexts): over 160 modules,
 * three quarters of its start-up CPU. Berth reaches the Engine over unix:// or tcp:// only
 * and does not build, so those modules are registered
 * as stand-ins that load the real module on first use: behaviour stays the same if some
 * path ever needs them, and every `up`/`down` skips their cost.
 *
 * dockerode is required through createRequire rather than imported, so a bundler leaves it
 * (and this trimming) out of the CLI's start-up file and it loads only with the docker backend.
 */
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Dockerode from 'dockerode';

type Loader = () => Record<string | symbol, unknown>;

/** What a stand-in exports, given the loader of the real module. */
export type StandIn = (real: Loader) => object;

/**
 * Forwards every property read, call and `new` to the real module, loaded on first use.
 * The target is a function so that modules exporting one (like @balena/dockerignore) work too.
 */
export const forwarding: StandIn = (real) =>
  new Proxy(function standIn() {}, {
    get: (_, key) => real()[key],
    has: (_, key) => key in real(),
    apply: (_, self, args) => Reflect.apply(real() as unknown as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(real() as unknown as new (...a: unknown[]) => object, args),
  });

/**
 * docker-modem reads `require('ssh2').Client` as it loads, so a plain forwarder would load
 * ssh2 at once: the constructor itself must defer.
 */
export const ssh2StandIn: StandIn = (real) => {
  function Client(this: unknown, ...args: unknown[]) {
    const Real = real().Client as new (...a: unknown[]) => object;
    return new Real(...args);
  }
  return new Proxy({ Client }, { get: (target, key) => (key === 'Client' ? target.Client : real()[key]) });
};

interface CjsModule {
  filename: string;
  loaded: boolean;
  exports: unknown;
}
type ModuleClass = new (id: string) => CjsModule;

/**
 * Registers `standIn` as what `require(name)` gives from the package at `fromDir`, until the
 * real module is first needed; then the stand-in steps aside and the real one is cached.
 * Returns false (and changes nothing) when the package cannot be resolved or is loaded already.
 */
export function registerStandIn(fromDir: string, name: string, standIn: StandIn): boolean {
  const req = createRequire(join(fromDir, 'package.json'));
  let file: string;
  try {
    file = req.resolve(name);
  } catch {
    return false;
  }
  if (req.cache[file]) return false;
  const mod = new (Module as unknown as ModuleClass)(file);
  mod.filename = file;
  mod.loaded = true;
  let loaded: Record<string | symbol, unknown> | undefined;
  const real: Loader = () => {
    if (!loaded) {
      if (req.cache[file] === (mod as unknown)) delete req.cache[file];
      loaded = req(name) as Record<string | symbol, unknown>;
    }
    return loaded;
  };
  mod.exports = standIn(real);
  req.cache[file] = mod as unknown as NodeJS.Module;
  return true;
}

/** The packages dockerode loads eagerly but Berth does not use, by the package that requires them. */
export const UNUSED: readonly { readonly from: 'docker-modem' | 'dockerode'; readonly name: string; readonly standIn: StandIn }[] = [
  { from: 'docker-modem', name: 'ssh2', standIn: ssh2StandIn },
  { from: 'dockerode', name: '@grpc/grpc-js', standIn: forwarding },
  { from: 'dockerode', name: '@grpc/proto-loader', standIn: forwarding },
  { from: 'dockerode', name: 'tar-fs', standIn: forwarding },
  { from: 'dockerode', name: '@balena/dockerignore', standIn: forwarding },
];

const requireHere = createRequire(import.meta.url);
let cached: typeof Dockerode | undefined;

export function loadDockerode(): typeof Dockerode {
  if (cached) return cached;
  const dirs = {
    dockerode: dirname(requireHere.resolve('dockerode/package.json')),
    'docker-modem': '',
  };
  dirs['docker-modem'] = dirname(createRequire(join(dirs.dockerode, 'package.json')).resolve('docker-modem/package.json'));
  for (const u of UNUSED) registerStandIn(dirs[u.from], u.name, u.standIn);
  cached = requireHere('dockerode') as typeof Dockerode;
  return cached;
}
