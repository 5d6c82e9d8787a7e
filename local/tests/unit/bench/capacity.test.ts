import {
  AWS_ACCOUNT_BURST,
  AWS_ACCOUNT_RATE_PER_SECOND,
  projectFanOut,
  workerPostRate,
} from '../../../bench/capacity';

const stage = { batchSize: 100, inFlight: 32, perCallLatencySeconds: 0.03 };

describe('projectFanOut (docs/architecture.md: T(N) ≈ T0 + max(K·L/c, (N − burst)/R))', () => {
  it('uses the AWS account defaults R = 10,000/s and burst 5,000', () => {
    expect(AWS_ACCOUNT_RATE_PER_SECOND).toBe(10_000);
    expect(AWS_ACCOUNT_BURST).toBe(5_000);
  });

  it('is bound by one worker job (K·L/c) while the room fits in the burst', () => {
    const p = projectFanOut({ ...stage, recipients: 1_000 });
    expect(p.workerSeconds).toBeCloseTo((100 * 0.03) / 32, 10);
    expect(p.rateSeconds).toBe(0);
    expect(p.boundBy).toBe('worker');
    expect(p.secondsAboveT0).toBeCloseTo(0.09375, 10);
  });

  it('is bound by the account rate for large rooms: 1M recipients ≈ 100 s', () => {
    const p = projectFanOut({ ...stage, recipients: 1_000_000 });
    expect(p.rateSeconds).toBeCloseTo(99.5, 10);
    expect(p.boundBy).toBe('account rate');
    expect(p.secondsAboveT0).toBeCloseTo(99.5, 10);
  });

  it('follows the knobs: a bigger K or a slower L lengthens the worker term, a bigger c shortens it', () => {
    const base = projectFanOut({ ...stage, recipients: 1_000 }).workerSeconds;
    expect(projectFanOut({ ...stage, recipients: 1_000, batchSize: 200 }).workerSeconds).toBeCloseTo(
      2 * base,
      10,
    );
    expect(projectFanOut({ ...stage, recipients: 1_000, inFlight: 64 }).workerSeconds).toBeCloseTo(
      base / 2,
      10,
    );
    expect(
      projectFanOut({ ...stage, recipients: 1_000, perCallLatencySeconds: 0.06 }).workerSeconds,
    ).toBeCloseTo(2 * base, 10);
  });

  it('takes a custom rate and burst', () => {
    expect(projectFanOut({ ...stage, recipients: 30_000, ratePerSecond: 5_000, burst: 0 }).rateSeconds).toBe(
      6,
    );
  });

  it('prices deliveries at ≈ $1.1 per million', () => {
    expect(projectFanOut({ ...stage, recipients: 1_000_000 }).estimatedCostUsd).toBeCloseTo(1.1, 10);
  });

  it('refuses non-positive knobs', () => {
    expect(() => projectFanOut({ ...stage, recipients: 0 })).toThrow(RangeError);
    expect(() => projectFanOut({ ...stage, recipients: 10, inFlight: 0 })).toThrow(RangeError);
    expect(() => projectFanOut({ ...stage, recipients: 10, perCallLatencySeconds: -1 })).toThrow(RangeError);
  });
});

describe('workerPostRate', () => {
  it('is W·c/L', () => {
    expect(workerPostRate(50, 32, 0.03)).toBeCloseTo(53_333.33, 1);
    expect(workerPostRate(50, 32, 0)).toBe(Infinity);
  });
});
