/** At most `limit` calls of `run` in flight at once; the rest wait their turn in call order. */
export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function limiter(limit: number): Limiter {
  if (limit === Infinity) return { run: (fn) => fn() };
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return {
    async run(fn) {
      if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      active++;
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
