import {
  AWS_TIMING_ROOM_SIZE,
  STREAMS_TO_LAMBDA_P50_MS,
  awsTimingResult,
} from '../../../../bench/scenarios/awsTiming';
import type { RoundSamples } from '../../../../bench/scenarios/fanoutRounds';
import { collectReport } from './factories';

function samples(overrides: Partial<RoundSamples> = {}): RoundSamples {
  return {
    lastMs: [410, 430, 450],
    firstMs: [400, 420, 440],
    ackMs: [20, 21, 22],
    errors: [],
    timed: collectReport([400, 410, 420, 430, 440, 450], { messages: 3, expected: 6, received: 6 }),
    warmup: collectReport([500, 510], { messages: 1, expected: 2, received: 2 }),
    ...overrides,
  };
}

describe('awsTimingResult', () => {
  it('prints the AWS-faithful send→last beside the published Streams→Lambda anchor, as a multiple of it', () => {
    const result = awsTimingResult(samples());
    expect(result.scenario).toBe('aws-timing');
    expect(result.line).toMatch(
      new RegExp(`^aws-timing N=${AWS_TIMING_ROOM_SIZE}: send→last p50 43\\d ms .* over 3 msgs`),
    );
    expect(result.line).toContain(
      `published Streams→Lambda p50 ≈ ${STREAMS_TO_LAMBDA_P50_MS} ms (2.0× of it)`,
    );
    expect(result.line).toContain('8/8 delivered');
    expect(result.failures).toEqual([]);
    expect(result.data).toMatchObject({ anchorP50Ms: STREAMS_TO_LAMBDA_P50_MS, size: 2 });
  });

  it('fails on a missing copy or a round that never completed, warm-ups included', () => {
    const result = awsTimingResult(
      samples({
        errors: ['message 3: 1/2 members had it after 30080 ms'],
        warmup: collectReport([500], { messages: 1, expected: 2, received: 1, missing: 1 }),
      }),
    );
    expect(result.failures).toEqual([
      'N=2 --aws-timing: 1 of 8 deliveries missing',
      'N=2 --aws-timing message 3: 1/2 members had it after 30080 ms',
    ]);
  });

  it('has no figure and no multiple when nothing was timed', () => {
    const result = awsTimingResult(samples({ lastMs: [] }));
    expect(result.line).toContain('send→last p50 – ms');
    expect(result.line).not.toContain('× of it');
  });
});
