import {
  AWS_ACCOUNT_BURST,
  AWS_ACCOUNT_RATE_PER_SECOND,
  concurrencyAt,
  estimatedRetryShare,
  planFanOut,
  SQS_MAX_CONCURRENCY,
  timeForWorkerSeconds,
  workerPostRate,
  workerSecondsBy,
  type PlanInputs,
} from '../../../bench/capacity';
import { AWS_PRICES } from '../../../bench/prices';

/** The stage defaults with a 100k room, a cold fleet and no retries (hand-computed below). */
function inputs(overrides: Partial<PlanInputs> = {}): PlanInputs {
  return {
    recipients: 100_000,
    batchSize: 50,
    inFlight: 32,
    perCallLatencySeconds: 0.03,
    ratePerSecond: AWS_ACCOUNT_RATE_PER_SECOND,
    burst: AWS_ACCOUNT_BURST,
    maxConcurrency: 50,
    initialConcurrency: 5,
    triggerBatchSize: 1,
    memoryMb: 512,
    retryShare: 0,
    t0Seconds: 0.3,
    ...overrides,
  };
}

describe('the SQS trigger ramp', () => {
  const ramp = { initial: 5, perSecond: 5, cap: 50 };

  it('integrates a linear ramp, then the cap: 9 s to reach 50 workers from 5 at +300/min', () => {
    expect(workerSecondsBy(ramp, 2)).toBeCloseTo(5 * 2 + (5 * 4) / 2, 10); // 20
    expect(workerSecondsBy(ramp, 9)).toBeCloseTo(45 + 202.5, 10);
    expect(workerSecondsBy(ramp, 10)).toBeCloseTo(247.5 + 50, 10);
    expect(concurrencyAt(ramp, 4)).toBe(25);
    expect(concurrencyAt(ramp, 60)).toBe(50);
  });

  it('inverts inside the ramp and past it', () => {
    expect(timeForWorkerSeconds(ramp, 20)).toBeCloseTo(2, 10);
    expect(timeForWorkerSeconds(ramp, 247.5)).toBeCloseTo(9, 10);
    expect(timeForWorkerSeconds(ramp, 300)).toBeCloseTo(9 + 52.5 / 50, 10);
    expect(timeForWorkerSeconds(ramp, 0)).toBe(0);
  });

  it('does not ramp when it starts at or above its cap', () => {
    const flat = { initial: 80, perSecond: 5, cap: 50 };
    expect(workerSecondsBy(flat, 3)).toBe(150);
    expect(timeForWorkerSeconds(flat, 150)).toBe(3);
    expect(concurrencyAt(flat, 0)).toBe(50);
  });
});

describe('planFanOut', () => {
  it('plans a 100k room on the stage defaults (every figure hand-computed)', () => {
    const plan = planFanOut(inputs());
    expect(plan.jobs).toBe(2_000);
    expect(plan.invocations).toBe(2_000);
    expect(plan.timing.invocationSeconds).toBeCloseTo(0.06, 10); // ⌈50/32⌉ round trips of 30 ms
    // 93.75 worker-seconds inside the ramp: 2.5t² + 5t = 93.75
    expect(plan.timing.fleetSeconds).toBeCloseTo((-5 + Math.sqrt(962.5)) / 5, 10);
    expect(plan.timing.rateSeconds).toBeCloseTo(9.5, 10);
    expect(plan.timing.boundBy).toBe('account rate');
    expect(plan.timing.totalSeconds).toBeCloseTo(9.8, 10);
    expect(plan.workers).toEqual({
      cap: 50,
      peak: 50,
      toMatchRate: 10,
      offeredPostsPerSecond: (50 * 32) / 0.03,
    });
    expect(plan.sqs).toEqual({ sendBatches: 200, receives: 2_000, deletes: 2_000, total: 4_200 });
    expect(plan.lambda.invocations).toBe(2_001);
    // busy for the whole 9.5 s: 247.5 worker-seconds of ramp + 0.5 s at 50
    expect(plan.lambda.busySeconds).toBeCloseTo(272.5, 10);
    expect(plan.lambda.gbSeconds).toBeCloseTo(136.25, 10);
    expect(plan.dynamoReadUnits).toBe(1_831.5);
    expect(plan.apiGatewayMessages).toBe(100_002);
    expect(plan.costUsd.apiGateway).toBeCloseTo(0.100002, 12);
    expect(plan.costUsd.sqs).toBeCloseTo(0.00168, 12);
    expect(plan.costUsd.lambda).toBeCloseTo(2_001 * 0.2e-6 + 136.25 * 0.0000133334, 12);
    expect(plan.costUsd.dynamo).toBeCloseTo(1_831.5 * 0.125e-6, 12);
    expect(plan.costUsd.perMessage).toBeCloseTo(0.1041278135, 9);
    expect(plan.costUsd.perMillionDeliveries).toBeCloseTo(1.041278135, 8);
    expect(plan.retries).toEqual({ share: 0, estimated: false, count: 0 });
  });

  it('estimates the 429 share from the fleet over-subscribing R when none is given', () => {
    const plan = planFanOut(inputs({ retryShare: undefined }));
    // (1 − 10,000 / 53,333) of the attempts past the burst, which is 95 % of the room
    expect(plan.retries.share).toBeCloseTo(0.8125 * 0.95, 10);
    expect(plan.retries.estimated).toBe(true);
    expect(plan.retries.count).toBe(77_188);
    expect(estimatedRetryShare(100, 200, 10, 1_000)).toBe(0);
    expect(estimatedRetryShare(1_000, 0, 100, 100)).toBe(0);
  });

  it('counts given retries as extra calls for the fleet and the invocations', () => {
    const plan = planFanOut(inputs({ retryShare: 1, ratePerSecond: 1_000_000 }));
    expect(plan.timing.invocationSeconds).toBeCloseTo(0.12, 10);
    // 187.5 worker-seconds, still inside the 247.5 of the ramp: 2.5t² + 5t = 187.5
    expect(plan.timing.fleetSeconds).toBeCloseTo((-5 + Math.sqrt(25 + 1875)) / 5, 10);
    expect(plan.timing.boundBy).toBe('worker fleet');
    expect(plan.retries.count).toBe(100_000);
  });

  it('needs no rate term when the burst covers the room', () => {
    const plan = planFanOut(inputs({ recipients: 3_000, retryShare: undefined }));
    expect(plan.timing.rateSeconds).toBe(0);
    expect(plan.retries.share).toBe(0);
    expect(plan.jobs).toBe(60);
  });

  it('is bound by one invocation for a small room: a 2-member room is one round trip', () => {
    const plan = planFanOut(inputs({ recipients: 2 }));
    expect(plan.invocations).toBe(1);
    expect(plan.workers.cap).toBe(1);
    expect(plan.timing.invocationSeconds).toBeCloseTo(0.03, 10);
    expect(plan.timing.fleetSeconds).toBeCloseTo(0.06 / 32, 10);
    expect(plan.timing.boundBy).toBe('one invocation');
    expect(plan.sqs).toEqual({ sendBatches: 1, receives: 1, deletes: 1, total: 3 });
  });

  it('shares a worker between b jobs of its batch', () => {
    const plan = planFanOut(inputs({ recipients: 1_000, triggerBatchSize: 10 }));
    expect(plan.jobs).toBe(20);
    expect(plan.invocations).toBe(2);
    expect(plan.timing.invocationSeconds).toBeCloseTo(Math.ceil(500 / 32) * 0.03, 10);
  });

  it('caps the fleet at the reserved concurrency and at the 1,000 the SQS trigger allows', () => {
    expect(planFanOut(inputs({ reservedConcurrency: 20 })).workers.cap).toBe(20);
    expect(planFanOut(inputs({ maxConcurrency: 5_000 })).workers.cap).toBe(SQS_MAX_CONCURRENCY);
  });

  it('takes the ramp past its cap for a fleet bound room: 1M at R = 1M/s', () => {
    const plan = planFanOut(inputs({ recipients: 1_000_000, ratePerSecond: 1_000_000, maxConcurrency: 50 }));
    // 937.5 worker-seconds: 9 s of ramp (247.5) then 690 / 50 = 13.8 s at the cap
    expect(plan.timing.fleetSeconds).toBeCloseTo(22.8, 10);
    expect(plan.timing.boundBy).toBe('worker fleet');
  });

  it('prices with the stated list prices', () => {
    expect(AWS_PRICES.apiGatewayMessage * 1e6).toBeCloseTo(1, 12);
    expect(AWS_PRICES.sqsRequest * 1e6).toBeCloseTo(0.4, 12);
    expect(AWS_PRICES.lambdaRequest * 1e6).toBeCloseTo(0.2, 12);
  });

  it('refuses knobs outside their range', () => {
    expect(() => planFanOut(inputs({ recipients: 0 }))).toThrow('recipients must be positive (got 0)');
    expect(() => planFanOut(inputs({ inFlight: 0 }))).toThrow(RangeError);
    expect(() => planFanOut(inputs({ perCallLatencySeconds: -1 }))).toThrow(
      'perCallLatencySeconds must be ≥ 0',
    );
    expect(() => planFanOut(inputs({ retryShare: Number.NaN }))).toThrow(/retryShare/);
    expect(() => planFanOut(inputs({ reservedConcurrency: 0 }))).toThrow(/reservedConcurrency/);
  });
});

describe('workerPostRate', () => {
  it('is W·c/L', () => {
    expect(workerPostRate(50, 32, 0.03)).toBeCloseTo(53_333.33, 1);
    expect(workerPostRate(50, 32, 0)).toBe(Infinity);
  });
});

describe('small rooms posted by the dispatcher (inlineMax)', () => {
  it('plans a room of one job within inlineMax with no job, no worker and no SQS request', () => {
    const plan = planFanOut(inputs({ recipients: 40, inlineMax: 50 }));
    expect(plan.jobs).toBe(0);
    expect(plan.invocations).toBe(0);
    expect(plan.sqs).toEqual({ sendBatches: 0, receives: 0, deletes: 0, total: 0 });
    expect(plan.lambda.invocations).toBe(1); // the dispatcher alone
    // ⌈40/32⌉ = 2 rounds of L by the dispatcher.
    expect(plan.timing.invocationSeconds).toBeCloseTo(2 * 0.03, 10);
    expect(plan.timing.fleetSeconds).toBe(0);
    expect(plan.timing.boundBy).toBe('dispatcher (inline)');
    expect(plan.timing.totalSeconds).toBeCloseTo(0.3 + 0.06, 10);
    expect(plan.lambda.busySeconds).toBeCloseTo(0.06, 10);
    expect(plan.costUsd.sqs).toBe(0);
  });

  it('goes through the queue above inlineMax, above one job (K), or with inlineMax 0', () => {
    for (const overrides of [
      { recipients: 51, inlineMax: 50 },
      { recipients: 60, inlineMax: 100 }, // two jobs of K = 50
      { recipients: 2, inlineMax: 0 },
      { recipients: 2 },
    ]) {
      const plan = planFanOut(inputs(overrides));
      expect(plan.jobs).toBe(Math.ceil(overrides.recipients / 50));
      expect(plan.timing.boundBy).not.toBe('dispatcher (inline)');
      expect(plan.sqs.total).toBeGreaterThan(0);
    }
  });
});
