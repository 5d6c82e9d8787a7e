import { percentile, perSecond, ratio, summarize } from '../../../bench/stats';

describe('percentile (nearest rank)', () => {
  it('picks a measured sample, never an interpolation', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 50)).toBe(20);
    expect(percentile(sorted, 95)).toBe(40);
    expect(percentile(sorted, 0)).toBe(10);
    expect(percentile(sorted, 100)).toBe(40);
  });

  it('is the middle sample of an odd count (the median of three cold starts)', () => {
    expect(percentile([7.1, 8.4, 12.9], 50)).toBe(8.4);
  });

  it('refuses empty input and out-of-range p', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts a copy and reports min/p50/p95/max/mean', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, min: 1, p50: 3, p95: 5, max: 5, mean: 3 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('p95 of 20 samples is the 19th, so one outlier shows only in max', () => {
    const samples = Array.from({ length: 20 }, (_, i) => i + 1);
    samples[19] = 1000;
    const summary = summarize(samples)!;
    expect(summary.p95).toBe(19);
    expect(summary.max).toBe(1000);
  });

  it('ignores non-finite samples and is undefined when nothing is left', () => {
    expect(summarize([Number.NaN, 2, Infinity])).toMatchObject({ count: 1, p50: 2 });
    expect(summarize([])).toBeUndefined();
  });
});

describe('perSecond and ratio', () => {
  it('turns events over busy milliseconds into a rate', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(10, 0)).toBeUndefined();
  });

  it('divides only when both sides exist and the divisor is positive', () => {
    expect(ratio(300, 100)).toBe(3);
    expect(ratio(undefined, 100)).toBeUndefined();
    expect(ratio(300, 0)).toBeUndefined();
  });
});
