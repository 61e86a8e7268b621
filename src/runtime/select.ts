/**
 * Opens the backend the user chose. Each backend is imported only when chosen, so the
 * docker backend never loads kernel helpers and the native one never loads dockerode.
 */
import { RuntimeError } from '../errors.js';
import type { BackendName, Runtime } from './runtime.js';

export interface OpenOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
}

type NativeModule = { createNativeRuntime(options: OpenOptions): Runtime | Promise<Runtime> };

export async function openRuntime(name: BackendName, options: OpenOptions): Promise<Runtime> {
  if (name === 'docker') {
    const { createDockerRuntime } = await import('../docker/docker-runtime.js');
    return createDockerRuntime(options);
  }
  let mod: NativeModule;
  try {
    // a literal specifier, so the CLI bundle (scripts/bundle-cli.mjs) can find and chunk it
    mod = (await import('../native/runtime.js')) as NativeModule;
  } catch (err) {
    if (isModuleNotFound(err)) {
      throw new RuntimeError('the native backend is not available yet; use --backend docker', { cause: err });
    }
    throw err;
  }
  if (typeof mod.createNativeRuntime !== 'function') {
    throw new RuntimeError('the native backend is not available yet; use --backend docker');
  }
  return mod.createNativeRuntime(options);
}

function isModuleNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
}
