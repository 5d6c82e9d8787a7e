import { DEFAULT_OPTIONS } from '../../../../bench/args';
import {
  sustainedFigures,
  sustainedResult,
  type SustainedMeasurement,
} from '../../../../bench/scenarios/sustainedResult';
import { collectReport, stepReport } from './factories';

function measurement(overrides: Partial<SustainedMeasurement> = {}): SustainedMeasurement {
  const collected = {
    ...collectReport([100, 200, 300, 400], { messages: 2, expected: 400, received: 400 }),
    timeline: [150, 250],
    spanMs: 2000,
  };
  return {
    settings: {
      ...DEFAULT_OPTIONS.sustained,
      rooms: 2,
      minMembers: 100,
      maxMembers: 300,
      senders: 2,
      rate: 10,
      seconds: 2,
    },
    roomSizes: [100, 300],
    connect: stepReport(400, 2),
    join: stepReport(400, 4),
    load: { sent: 20, sendSeconds: 1.9, spanSeconds: 2, drained: true, maxScheduleLagMs: 3 },
    collected,
    failures: [],
    ...overrides,
  };
}

describe('sustained figures', () => {
  it('rates unique copies over first send → last copy, against the offered rate', () => {
    const f = sustainedFigures(measurement());
    expect(f.members).toBe(400);
    expect(f.offeredDeliveriesPerSecond).toBe(10 * 200);
    expect(f.deliveriesPerSecond).toBe(200);
    expect(f.latencyMs?.p99Ms).toBeCloseTo(400, -1);
  });
});

describe('sustainedResult', () => {
  it('prints one line with rooms, rate, deliveries/s, p50/p95/p99 and exactly-once', () => {
    const r = sustainedResult(measurement());
    expect(r.line).toMatch(
      /^sustained 2 rooms × 100–300 members \(400\), 2 senders\/room, 10 msg\/s for 2 s: 200 deliveries\/s \(offered 2,000\); send→copy p50 20\d ms, p95 40\d, p99 40\d, max 40\d; 400\/400 delivered, 0 missing, 0 dup$/,
    );
    expect(r.failures).toEqual([]);
    expect(r.charts.map((c) => c.id)).toEqual(['sustained-latency', 'sustained-rate']);
    expect(r.charts[1]!.series[0]!.data).toEqual([
      { x: 1, y: 150 },
      { x: 2, y: 250 },
    ]);
  });

  it('fails on missing copies and on a drain that timed out', () => {
    const m = measurement();
    const r = sustainedResult({
      ...m,
      load: { ...m.load, drained: false },
      collected: { ...m.collected, tally: { ...m.collected.tally, received: 399, missing: 1 } },
    });
    expect(r.failures).toEqual([
      'sustained: 1 of 400 deliveries missing',
      `sustained: copies still missing ${m.settings.drainSeconds} s after the last send`,
    ]);
  });
});
