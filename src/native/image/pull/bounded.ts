/**
 * Runs tasks with at most `limit` at a time; the first failure stops further tasks from
 * starting, and is thrown once the running ones have settled.
 *
 * A task may give its slot back before it ends by calling `release`: the next task then
 * starts while this one finishes work the bound is not about. A layer does so once its
 * last byte is in, so the wait for its digests and its blob's fsync (tens of
 * milliseconds, more while other layers write) do not hold up the next download.
 */
export async function runBounded(tasks: readonly ((release: () => void) => Promise<void>)[], limit: number): Promise<void> {
  const max = Math.max(1, limit);
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> | undefined => {
    if (active < max) {
      active++;
      return undefined;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  // a freed slot passes straight to the next waiting task, so `active` only counts holders
  const freeSlot = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  let failed: { err: unknown } | undefined;
  const running: Promise<void>[] = [];
  for (const task of tasks) {
    await acquire();
    if (failed) {
      freeSlot();
      break;
    }
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      freeSlot();
    };
    running.push(
      Promise.resolve()
        .then(() => task(release))
        .catch((err: unknown) => {
          failed ??= { err };
        })
        .finally(release),
    );
  }
  await Promise.all(running);
  if (failed) throw failed.err;
}
