import { SQS_MAX_DELAY_SECONDS, requeueDelaySeconds } from '../../src/requeueDelay';

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
