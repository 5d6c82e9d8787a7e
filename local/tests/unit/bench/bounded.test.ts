import { chunks, mapBounded } from '../../../bench/bounded';

describe('mapBounded', () => {
  it('never has more than `limit` tasks in flight and keeps the input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 2], 3, async (delay, index) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, delay));
      inFlight -= 1;
      return index * 10;
    });
    expect(peak).toBe(3);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60].map((value) => ({ ok: true, value })));
  });

  it('keeps a failure in its slot and carries on with the rest', async () => {
    const boom = new Error('410');
    const results = await mapBounded(['a', 'b', 'c'], 2, async (item) => {
      if (item === 'b') throw boom;
      return item.toUpperCase();
    });
    expect(results).toEqual([
      { ok: true, value: 'A' },
      { ok: false, error: boom },
      { ok: true, value: 'C' },
    ]);
  });

  it('handles no items and refuses a bound below 1', async () => {
    await expect(mapBounded([], 4, async () => 1)).resolves.toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});

describe('chunks', () => {
  it('splits into consecutive slices of at most `size`', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 20)).toEqual([]);
    expect(() => chunks([1], 0)).toThrow(RangeError);
  });
});
