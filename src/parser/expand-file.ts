/**
 * The per-file stages that pull in other files: `include` first, so its resources are
 * part of this file (a service here may extend one it brought in), then `extends`.
 * Included services arrive with their own extends already resolved.
 */
import type { LoadContext, Mapping, PreparedFile } from './context.js';
import type { Env } from './env/resolve.js';
import { resolveExtends } from './extends.js';
import { resolveIncludes } from './include.js';

export async function expandFile(file: PreparedFile, env: Env, ctx: LoadContext, stack: readonly string[]): Promise<Mapping> {
  const withIncludes = await resolveIncludes(file, env, ctx, stack, expandFile);
  return resolveExtends({ ...file, tree: withIncludes }, env, ctx);
}
