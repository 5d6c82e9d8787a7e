import { planFanOut } from '../../../../bench/capacity';
import { autoRate } from '../../../../bench/scenarios/synthetic';
import {
  syntheticFigures,
  syntheticResult,
  type SyntheticMeasurement,
} from '../../../../bench/scenarios/syntheticResult';
import type { RoundOutcome } from '../../../../bench/synthetic/round';

const ACK = 1_700_000_000_000;

/** A round that reached `posted` of the phantoms, the last one `seconds` after the ack. */
function round(posted: number, seconds: number, overrides: Partial<RoundOutcome> = {}): RoundOutcome {
  return {
    ackAt: ACK,
    stats: {
      registered: 10_000,
      posted,
      duplicates: 0,
      firstPostAt: ACK + 500,
      ...(posted === 10_000 ? { completedAt: ACK + seconds * 1000 } : {}),
      bucketMs: 100,
      perBucket: [4_000, 6_000],
    },
    throttle: { admitted: posted + 1, throttled: 2_500 },
    senderCopy: true,
    stalled: false,
    ...overrides,
  };
}

function measurement(overrides: Partial<SyntheticMeasurement> = {}): SyntheticMeasurement {
  const plan = planFanOut({
    recipients: 10_000,
    batchSize: 50,
    inFlight: 32,
    perCallLatencySeconds: 0.03,
    ratePerSecond: 1_000,
    burst: 2_000,
    maxConcurrency: 8,
    initialConcurrency: 8,
    triggerBatchSize: 1,
    memoryMb: 512,
    retryShare: 0.25,
    t0Seconds: 0.5,
  });
  return {
    size: 10_000,
    rate: 1_000,
    sustainedRate: 1_300,
    burst: 2_000,
    latencyMs: 30,
    seedSeconds: 4,
    calibration: round(10_000, 8),
    throttled: round(10_000, 8.8),
    plan,
    ...overrides,
  };
}

describe('syntheticFigures', () => {
  it('sets ack → last phantom against (N − B)/R and the planner (hand-computed)', () => {
    const f = syntheticFigures(measurement());
    expect(f.totalSeconds).toBeCloseTo(8.8, 10);
    expect(f.boundSeconds).toBe(8); // (10,000 − 2,000) / 1,000
    expect(f.boundRatio).toBeCloseTo(1.1, 10);
    expect(f.plannerSeconds).toBeCloseTo(8.5, 10); // T0 0.5 + 8
    expect(f.plannerRatio).toBeCloseTo(8.8 / 8.5, 10);
    expect(f).toMatchObject({ missing: 0, duplicates: 0, throttled: 2_500, retriesPerDelivery: 0.25 });
  });

  it('has no total and no ratios when a phantom was never reached, and no bound ratio inside the burst', () => {
    const unfinished = syntheticFigures(measurement({ throttled: round(9_990, 0, { stalled: true }) }));
    expect(unfinished.totalSeconds).toBeUndefined();
    expect(unfinished.boundRatio).toBeUndefined();
    expect(unfinished.missing).toBe(10);
    const inBurst = syntheticFigures(measurement({ burst: 20_000 }));
    expect(inBurst.boundSeconds).toBe(0);
    expect(inBurst.boundRatio).toBeUndefined();
  });
});

describe('syntheticResult', () => {
  it('prints one line with the measured R, both ratios and the exactly-once counts', () => {
    const result = syntheticResult(measurement());
    expect(result.failures).toEqual([]);
    expect(result.line).toBe(
      'synthetic N=10,000: ack → last phantom 8.8 s; bound (N − B)/R 8.0 s ' +
        '(R 1,000/s = 80 % of the 1,300/s this machine sustained unthrottled, B 2,000, L 30 ms): ' +
        '1.10× (target ≤ 1.1×); planner 8.5 s: 1.04× (target within 15 %); ' +
        '429s 2,500 (0.25/delivery); missing 0, duplicates 0',
    );
    const chart = result.charts[0]!;
    expect(chart.series[0]!.data).toEqual([
      { x: 0.6, y: 4_000 },
      { x: 0.7, y: 10_000 },
    ]);
    expect(chart.series[1]!.data).toEqual([
      { x: 0, y: 2_000 },
      { x: 8.8, y: 10_000 },
    ]);
  });

  it('fails on missing and duplicate posts and a sender without its copy, in either round', () => {
    const result = syntheticResult(
      measurement({
        calibration: round(10_000, 8, { senderCopy: false }),
        throttled: {
          ...round(9_990, 0, { stalled: true }),
          stats: { ...round(9_990, 0).stats, duplicates: 3 },
        },
      }),
    );
    expect(result.failures).toEqual([
      'synthetic unthrottled round: the sender never got its own copy',
      'synthetic throttled round: 10 of 10,000 phantoms never posted (no progress for the stall timeout)',
      'synthetic throttled round: 3 duplicate posts',
    ]);
  });

  it('says when R was given rather than measured', () => {
    const { sustainedRate: _unused, calibration: _none, ...given } = measurement();
    expect(syntheticResult(given).line).toContain('(R 1,000/s as given, B 2,000');
  });
});

describe('autoRate', () => {
  it('takes 80 % of the sustained rate, floored to two significant digits', () => {
    expect(autoRate(1_096)).toBe(870);
    expect(autoRate(2_513)).toBe(2_000);
    expect(autoRate(598)).toBe(470);
    expect(autoRate(12_345)).toBe(9_800);
    expect(autoRate(1)).toBe(1);
  });
});
