// Concurrency bounds for the delivery worker. `Semaphore` caps the PostToConnection calls in flight
// across every job of one worker invocation (the `c` of the capacity model): the batch processor
// runs the SQS records of a batch in parallel, so a per-job pool alone would allow 10·c calls.

export class Semaphore {
  private available: number;
  private readonly waiting: (() => void)[] = [];

  public constructor(public readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
    }
    this.available = limit;
  }

  /** Runs `task` once a slot is free; the slot is released when it settles. */
  public async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter so no newcomer can jump the queue.
    if (next) next();
    else this.available += 1;
  }
}

/** Runs `task` for every item with at most `limit` of them pending at once. */
export async function forEachWithLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
