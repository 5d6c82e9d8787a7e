// The poller cadence the local cloud runs with: fast for development by default, Lambda's own
// polling with --aws-timing / CHORUS_AWS_TIMING. Pure choices, no clocks involved.
import {
  AWS_STREAM_POLL_INTERVAL_MS,
  FAST_STREAM_POLL_INTERVAL_MS,
  pollerCadence,
  timingModeFrom,
} from '../../../src/pollers/cadence';

describe('pollerCadence', () => {
  it('reproduces Lambda in AWS mode: each shard read 4 times a second, windows honoured, long polls', () => {
    expect(pollerCadence('aws')).toEqual({
      mode: 'aws',
      streamPollIntervalMs: 250,
      nudgeStreamsAfterInvocations: false,
      honourBatchingWindows: true,
      sqsWaitTimeSeconds: 20,
    });
    expect(AWS_STREAM_POLL_INTERVAL_MS).toBe(1000 / 4);
  });

  it('re-reads a shard when an invocation ends (else within 25 ms) and skips batching windows in fast mode', () => {
    const fast = pollerCadence('fast');
    expect(fast.mode).toBe('fast');
    expect(fast.nudgeStreamsAfterInvocations).toBe(true);
    expect(fast.streamPollIntervalMs).toBe(FAST_STREAM_POLL_INTERVAL_MS);
    expect(fast.streamPollIntervalMs).toBeGreaterThan(0); // never a busy loop on DynamoDB Local
    expect(fast.streamPollIntervalMs).toBeLessThan(AWS_STREAM_POLL_INTERVAL_MS / 5);
    expect(fast.honourBatchingWindows).toBe(false);
    // The embedded SQS emulator answers a waiting receive as soon as a message is sent.
    expect(fast.sqsWaitTimeSeconds).toBe(20);
  });
});

describe('timingModeFrom', () => {
  it('is fast unless asked otherwise', () => {
    expect(timingModeFrom(false, {})).toBe('fast');
    for (const value of ['', '0', 'false', 'no', ' FALSE ']) {
      expect(timingModeFrom(false, { CHORUS_AWS_TIMING: value })).toBe('fast');
    }
  });

  it('selects AWS timing with the flag or the variable', () => {
    expect(timingModeFrom(true, {})).toBe('aws');
    expect(timingModeFrom(true, { CHORUS_AWS_TIMING: '0' })).toBe('aws');
    for (const value of ['1', 'true', 'yes', 'TRUE']) {
      expect(timingModeFrom(false, { CHORUS_AWS_TIMING: value })).toBe('aws');
    }
  });

  it('names the variable and the accepted values for anything else', () => {
    expect(timingModeFrom(false, { CHORUS_AWS_TIMING: 'sometimes' })).toEqual({
      error: 'CHORUS_AWS_TIMING=sometimes must be 1/true/yes or 0/false/no',
    });
  });
});
