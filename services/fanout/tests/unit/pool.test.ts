import { forEachWithLimit } from '../../src/pool';

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
