/** At most `limit` tasks at once; the others wait in arrival order. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<X>(task: () => Promise<X>): Promise<X> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next task
      else this.running--;
    }
  }
}

/** Runs `work` over `items` with at most `limit` in flight; resolves with every outcome, in input order. */
export async function settleLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const slots = new ConcurrencyLimit(Math.max(1, limit));
  return Promise.allSettled(items.map((item) => slots.run(() => work(item))));
}
