/**
 * Where the native runtime keeps its state, under one root (env BERTH_ROOT or /var/lib/berth):
 *   containers/<id>/   one directory per container (see state/container-record.ts)
 *   volumes/<name>/    named and anonymous volumes, data in _data
 *   locks/<project>    the per-project lock
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativePaths {
  readonly root: string;
  readonly containers: string;
  readonly volumes: string;
  readonly locks: string;
}

export function nativePaths(root: string): NativePaths {
  return { root, containers: join(root, 'containers'), volumes: join(root, 'volumes'), locks: join(root, 'locks') };
}

export function containerDir(paths: NativePaths, id: string): string {
  return join(paths.containers, id);
}

export function volumeDataDir(paths: NativePaths, name: string): string {
  return join(paths.volumes, name, '_data');
}

/** dist/native/berth-shim, compiled by scripts/build-shim.mjs next to the compiled TypeScript */
export function defaultShimPath(): string {
  return process.env.BERTH_SHIM ?? fileURLToPath(new URL('../../native/berth-shim', import.meta.url));
}
