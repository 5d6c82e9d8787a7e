import { decodeHistogram } from '../../../../bench/latency';
import {
  fanoutFigures,
  fanoutResult,
  fanoutSummary,
  type FanoutMeasurement,
} from '../../../../bench/scenarios/fanoutResult';
import { collectReport } from './factories';

function measurement(overrides: Partial<FanoutMeasurement> = {}): FanoutMeasurement {
  const clean = { messages: 2, expected: 2000, received: 2000 };
  return {
    size: 1000,
    pingMs: [4, 5, 6],
    frameBytes: 320,
    chorus: {
      lastMs: [700, 800],
      firstMs: [600, 650],
      ackMs: [40, 50],
      errors: [],
      timed: collectReport([600, 700, 800], clean),
      warmup: collectReport([900], { messages: 1, expected: 1000, received: 1000 }),
    },
    baseline: {
      lastMs: [20, 30],
      firstMs: [1, 1],
      ackMs: [],
      errors: [],
      timed: collectReport([1, 20, 30], clean),
      warmup: collectReport([], { messages: 1, expected: 1000, received: 1000 }),
    },
    ...overrides,
  };
}

describe('fanout figures', () => {
  it('sets Chorus send→last beside the broadcast’s, as a ratio of the p50s', () => {
    const f = fanoutFigures(measurement());
    expect(f.chorus.lastMs?.p50Ms).toBeCloseTo(700, -1);
    expect(f.baseline.lastMs?.p50Ms).toBeCloseTo(20, 0);
    expect(f.ratioP50).toBeCloseTo(f.chorus.lastMs!.p50Ms / f.baseline.lastMs!.p50Ms, 5);
    // 1,000 members × 2 messages over 1.5 s of send→last.
    expect(f.chorus.deliveriesPerSecond).toBeCloseTo(2000 / 1.5, 5);
    expect(f.messages).toBe(2);
  });

  it('counts warm-ups into exactly-once, not into the timing', () => {
    const f = fanoutFigures(measurement());
    expect(f.chorus.tally).toMatchObject({ messages: 3, expected: 3000, received: 3000, missing: 0 });
    expect(f.chorus.deliveryMs?.count).toBe(3);
  });

  it('has no ratio when a side timed nothing', () => {
    const m = measurement();
    const f = fanoutFigures({ ...m, baseline: { ...m.baseline, lastMs: [] } });
    expect(f.ratioP50).toBeUndefined();
    expect(fanoutResult({ ...m, baseline: { ...m.baseline, lastMs: [] } }).line).toContain('ratio –');
  });
});

describe('fanoutResult', () => {
  it('prints one line with latency, rate, ratio and both exactly-once counts', () => {
    const r = fanoutResult(measurement());
    expect(r.line).toMatch(
      /^fanout N=1,000: send→last p50 70\d ms \(p95 80\d, max 80\d\) over 2 msgs, 1,333 deliveries\/s; /,
    );
    expect(r.line).toMatch(/ws broadcast p50 20 ms; ratio 35\.\d×; /);
    expect(r.line).toContain(
      'Chorus 3,000/3,000 delivered, 0 missing, 0 dup; baseline 3,000/3,000 delivered',
    );
    expect(r.failures).toEqual([]);
    expect(r.charts[0]!.series.map((s) => s.label)).toEqual(['Chorus', 'plain ws broadcast']);
  });

  it('fails on missing or duplicate copies on either side, and on rounds that never completed', () => {
    const m = measurement();
    m.chorus.timed = collectReport([1], { messages: 2, expected: 2000, received: 1999, missing: 1 });
    m.baseline.timed = collectReport([1], { messages: 2, expected: 2000, received: 2001, duplicates: 1 });
    m.chorus.errors.push('message 2: 999/1000 members had it after 70000 ms');
    expect(fanoutResult(m).failures).toEqual([
      'N=1000 Chorus: 1 of 3000 deliveries missing',
      'N=1000 baseline: 1 duplicate deliveries',
      'N=1000 Chorus message 2: 999/1000 members had it after 70000 ms',
    ]);
  });

  it('plots what the fleet recorded', () => {
    const m = measurement();
    const chorusMax = decodeHistogram(m.chorus.timed.latency).getValueAtPercentile(100) / 1000;
    const data = fanoutResult(m).charts[0]!.series[0]!.data as number[];
    expect(data[data.length - 1]).toBe(chorusMax);
  });
});

describe('fanoutSummary', () => {
  it('tabulates and charts the ratio over every room size', () => {
    const summary = fanoutSummary([measurement({ size: 2 }), measurement()]);
    expect(summary.line).toMatch(
      /^fanout ratio \(Chorus send→last p50 \/ ws broadcast p50\): N=2 35\.\d×, N=1,000 35\.\d×$/,
    );
    expect(summary.tables[0]!.rows.map((row) => row[0])).toEqual(['2', '1,000']);
    expect(summary.charts[0]).toMatchObject({ id: 'fanout-ratio', kind: 'bar', labels: ['N=2', 'N=1000'] });
    expect(fanoutSummary([]).line).toContain('no room measured');
  });
});
