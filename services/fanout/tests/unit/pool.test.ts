import { Semaphore, forEachWithLimit } from '../../src/pool';

describe('forEachWithLimit', () => {
  it('runs every item with no more than the limit pending', async () => {
    let pending = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachWithLimit(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (item) => {
        pending += 1;
        peak = Math.max(peak, pending);
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(item);
        pending -= 1;
      },
    );
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('does nothing for no items', async () => {
    const task = jest.fn(async () => {});
    await forEachWithLimit([], 3, task);
    expect(task).not.toHaveBeenCalled();
  });

  it('refuses a limit below one', async () => {
    await expect(forEachWithLimit([1], 0, async () => {})).rejects.toThrow(RangeError);
  });
});

describe('Semaphore', () => {
  it('lets at most `limit` tasks run at once and runs them all', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        semaphore.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('releases the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
