import { SQS_MAX_DELAY_SECONDS, fullJitterDelay, requeueDelaySeconds } from '../../src/backoff';

const policy = { baseMs: 100, capMs: 1000 };

describe('fullJitterDelay', () => {
  it('grows the ceiling exponentially from the base', () => {
    const top = () => 0.999999;
    expect(fullJitterDelay(0, policy, top)).toBe(99);
    expect(fullJitterDelay(1, policy, top)).toBe(199);
    expect(fullJitterDelay(2, policy, top)).toBe(399);
  });

  it('never exceeds the cap', () => {
    expect(fullJitterDelay(20, policy, () => 0.999999)).toBeLessThan(policy.capMs);
  });

  it('draws uniformly from zero (full jitter)', () => {
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(400);
  });
});

describe('requeueDelaySeconds', () => {
  it('is at least one second', () => {
    expect(requeueDelaySeconds(2, 60, () => 0)).toBe(1);
  });

  it('doubles its ceiling per attempt up to the cap', () => {
    const top = () => 1;
    expect(requeueDelaySeconds(2, 60, top)).toBe(2);
    expect(requeueDelaySeconds(4, 60, top)).toBe(8);
    expect(requeueDelaySeconds(30, 60, top)).toBe(60);
  });

  it('stays within what SQS accepts', () => {
    expect(requeueDelaySeconds(40, 5000, () => 1)).toBe(SQS_MAX_DELAY_SECONDS);
  });
});
