/**
 * How many operations run at once when nothing says otherwise. Bringing a stack up is
 * I/O bound (waiting on the registry, the daemon or kernel, health checks), not CPU bound,
 * so the default is a few per core: 4 x cores, i.e. 8 on a 2-core machine. That keeps a
 * large project from opening hundreds of registry connections at once while still
 * overlapping the waits. `--parallel N` / COMPOSE_PARALLEL_LIMIT override it; -1 lifts
 * the bound entirely, as in Docker Compose.
 */
export const PARALLEL_PER_CORE = 4;

export function resolveParallelism(option: number | undefined, cores: number): number {
  if (option === -1) return Infinity;
  if (option !== undefined) return option;
  return PARALLEL_PER_CORE * Math.max(1, cores);
}
