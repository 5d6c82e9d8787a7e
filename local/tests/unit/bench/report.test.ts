import { DEFAULT_OPTIONS } from '../../../bench/args';
import type { FanoutParams } from '../../../bench/params';
import {
  buildProjection,
  functionalFailures,
  PROJECTED_SIZES,
  renderReport,
  summarizeRoom,
  type BenchReport,
} from '../../../bench/report';
import type { RoomResult } from '../../../bench/room';

const params: FanoutParams = { deliveryBatchSize: 100, deliveryInFlight: 32, deliveryMaxConcurrency: 50 };

function roomResult(size: number, overrides: Partial<RoomResult> = {}): RoomResult {
  const tally = { expected: size * 2, received: size * 2, missing: 0, duplicates: 0 };
  return {
    size,
    connectSeconds: 1,
    joinSeconds: 2,
    pingMs: [3, 4, 5],
    pipeline: { ackMs: [20, 30], ackToLastMs: [400, 600], tally, errors: [] },
    baseline: { roundMs: [100, 300], postMs: [10, 20, 30], postFailures: 0, tally, errors: [] },
    ...overrides,
  };
}

describe('summarizeRoom', () => {
  it('reports percentiles, deliveries per second over the timed rounds and the p50 ratio', () => {
    const room = summarizeRoom(roomResult(100));
    expect(room.pipeline.ackToLastMs).toMatchObject({ p50: 400, max: 600 });
    // 2 messages × 100 members over 1,000 ms of fan-out
    expect(room.pipeline.deliveriesPerSecond).toBe(200);
    expect(room.baseline.deliveriesPerSecond).toBe(500);
    expect(room.ratioP50).toBe(4);
    expect(room.pingMs?.p50).toBe(4);
  });

  it('has no ratio when a side timed nothing', () => {
    const room = summarizeRoom(roomResult(10, { baseline: { ...roomResult(10).baseline, roundMs: [] } }));
    expect(room.ratioP50).toBeUndefined();
    expect(room.baseline.deliveriesPerSecond).toBeUndefined();
  });
});

describe('functionalFailures', () => {
  it('is empty when every delivery arrived exactly once', () => {
    expect(functionalFailures([summarizeRoom(roomResult(10))])).toEqual([]);
  });

  it('lists missing and duplicate copies, errors and failed posts, never slowness', () => {
    const bad = roomResult(10, {
      pipeline: {
        ackMs: [1],
        ackToLastMs: [99_999],
        tally: { expected: 20, received: 19, missing: 2, duplicates: 1 },
        errors: ['message 2: timed out'],
      },
      baseline: {
        roundMs: [1],
        postMs: [1],
        postFailures: 3,
        tally: { expected: 20, received: 20, missing: 0, duplicates: 0 },
        errors: [],
      },
    });
    expect(functionalFailures([summarizeRoom(bad)])).toEqual([
      'N=10 pipeline: 2 missing deliveries',
      'N=10 pipeline: 1 duplicate deliveries',
      'N=10 pipeline: message 2: timed out',
      'N=10 baseline: 3 PostToConnection calls failed',
    ]);
  });
});

describe('buildProjection', () => {
  it('takes L from the largest room and T0 from the smallest, and projects 1k…1M', () => {
    const small = summarizeRoom(roomResult(10));
    const large = summarizeRoom(
      roomResult(500, { baseline: { ...roomResult(500).baseline, postMs: [40, 50, 60] } }),
    );
    const projection = buildProjection(params, [large, small])!;
    expect(projection.perCallLatencyMs).toBe(50);
    expect(projection.t0Ms).toBe(300); // 400 − 100
    expect(projection.rows.map((r) => r.recipients)).toEqual(PROJECTED_SIZES);
    const million = projection.rows[3]!;
    expect(million.boundBy).toBe('account rate');
    expect(million.estimatedSeconds).toBeCloseTo(0.3 + 99.5, 10);
    expect(projection.rows[0]!.secondsAboveT0).toBeCloseTo((100 * 0.05) / 32, 10);
    expect(projection.label).toMatch(/not a measurement/);
  });

  it('is undefined without a baseline measurement', () => {
    expect(buildProjection(params, [])).toBeUndefined();
  });
});

describe('renderReport', () => {
  function report(rooms: RoomResult[]): BenchReport {
    const summaries = rooms.map(summarizeRoom);
    return {
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      machine: {
        cpus: 2,
        cpuModel: 'cpu',
        totalMemGiB: 24,
        node: '20.20.2',
        platform: 'linux-x64',
        loadAverage: { start: 1.5, end: 2.25 },
      },
      options: DEFAULT_OPTIONS,
      params,
      coldStart: {
        targetSeconds: 15,
        runs: [],
        readySeconds: { count: 3, min: 9, p50: 10, p95: 12, max: 12, mean: 10.3 },
      },
      rooms: summaries,
      projection: buildProjection(params, summaries),
      failures: functionalFailures(summaries),
    };
  }

  it('prints the measured tables and labels the projection as one', () => {
    const text = renderReport(report([roomResult(10), roomResult(100)]));
    expect(text).toContain('load average 1.5 → 2.3');
    expect(text).toContain('1. Cold start');
    expect(text).toMatch(/"Chorus is ready in"\s+9\.00\s+10\.00\s+12\.00/);
    expect(text).toMatch(/\n10\s+20\s+400\s+600\s+600\s+20\s+20\/20\s+0\s+0\n/);
    expect(text).toContain('4.00×');
    expect(text).toContain('PROJECTION for AWS from the capacity model — not a measurement');
    expect(text).toMatch(/\n1M\s/);
    expect(text).toContain('every member received every message exactly once');
  });

  it('lists functional failures at the end', () => {
    const bad = roomResult(10, {
      pipeline: {
        ...roomResult(10).pipeline,
        tally: { expected: 20, received: 18, missing: 2, duplicates: 0 },
      },
    });
    expect(renderReport(report([bad]))).toContain('✖ N=10 pipeline: 2 missing deliveries');
  });
});
