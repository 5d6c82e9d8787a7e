import { backoffCeilingMs, fullJitterDelayMs } from '../../src/backoff';

const policy = { baseMs: 100, capMs: 1000 };

describe('backoffCeilingMs', () => {
  it('starts at the base for the first retry and doubles per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffCeilingMs(attempt, policy))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffCeilingMs(5, policy)).toBe(1000);
    expect(backoffCeilingMs(200, policy)).toBe(1000);
  });

  it('treats attempt 0 or less like the first retry', () => {
    expect(backoffCeilingMs(0, policy)).toBe(100);
  });
});

describe('fullJitterDelayMs', () => {
  it('draws uniformly from zero up to (not including) the ceiling (full jitter)', () => {
    expect(fullJitterDelayMs(4, policy, () => 0)).toBe(0);
    expect(fullJitterDelayMs(4, policy, () => 0.5)).toBe(400);
    expect(fullJitterDelayMs(1, policy, () => 0.999999)).toBe(99);
    expect(fullJitterDelayMs(3, policy, () => 0.999999)).toBe(399);
  });

  it('stays below the cap', () => {
    expect(fullJitterDelayMs(20, policy, () => 0.999999)).toBeLessThan(policy.capMs);
  });
});
