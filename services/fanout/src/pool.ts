// A tiny worker pool: runs `task` for every item with at most `limit` promises pending at once.
// Used to bound in-flight PostToConnection calls per worker (the `c` of the capacity model).

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
