// fanout: per room size, Chorus send → last member beside the plain `ws` broadcast of the same
// frame to the same number of sockets, as a ratio; and the summary table/chart over all sizes.
import { addTallies, formatTally, tallyFailures, type DeliveryTally } from '../deliveries';
import {
  decodeHistogram,
  histogramOf,
  latencyDistribution,
  summarizeLatency,
  type LatencySummary,
} from '../latency';
import { barChart, latencyChart } from '../report/charts';
import type { ScenarioResult } from '../report/types';
import { ratio, summarize } from '../stats';
import { ms } from '../table';
import type { RoundSamples } from './fanoutRounds';

export interface FanoutMeasurement {
  size: number;
  pingMs: number[];
  chorus: RoundSamples;
  baseline: RoundSamples;
  /** UTF-8 bytes of the frame both sides delivered. */
  frameBytes: number;
}

export interface FanoutSide {
  /** Send → last member, per timed message. */
  lastMs?: LatencySummary;
  firstMs?: LatencySummary;
  ackMs?: LatencySummary;
  /** Send → every single copy (the timed messages' deliveries). */
  deliveryMs?: LatencySummary;
  /** N × messages / Σ send→last. */
  deliveriesPerSecond?: number;
  tally: DeliveryTally;
  errors: string[];
}

export interface FanoutFigures {
  size: number;
  messages: number;
  frameBytes: number;
  pingMs?: ReturnType<typeof summarize>;
  chorus: FanoutSide;
  baseline: FanoutSide;
  /** Chorus send→last p50 / baseline send→last p50. */
  ratioP50?: number;
}

function side(size: number, samples: RoundSamples): FanoutSide {
  const busyMs = samples.lastMs.reduce((sum, v) => sum + v, 0);
  const out: FanoutSide = {
    tally: addTallies(samples.timed.tally, samples.warmup.tally),
    errors: samples.errors,
  };
  const put = <K extends 'lastMs' | 'firstMs' | 'ackMs' | 'deliveryMs'>(
    key: K,
    s: LatencySummary | undefined,
  ): void => {
    if (s !== undefined) out[key] = s;
  };
  put('lastMs', summarizeLatency(histogramOf(samples.lastMs)));
  put('firstMs', summarizeLatency(histogramOf(samples.firstMs)));
  put('ackMs', summarizeLatency(histogramOf(samples.ackMs)));
  put('deliveryMs', summarizeLatency(decodeHistogram(samples.timed.latency)));
  if (busyMs > 0) out.deliveriesPerSecond = (size * samples.lastMs.length * 1000) / busyMs;
  return out;
}

export function fanoutFigures(m: FanoutMeasurement): FanoutFigures {
  const chorus = side(m.size, m.chorus);
  const baseline = side(m.size, m.baseline);
  const figures: FanoutFigures = {
    size: m.size,
    messages: m.chorus.lastMs.length,
    frameBytes: m.frameBytes,
    chorus,
    baseline,
  };
  const pings = summarize(m.pingMs);
  if (pings !== undefined) figures.pingMs = pings;
  const r = ratio(chorus.lastMs?.p50Ms, baseline.lastMs?.p50Ms);
  if (r !== undefined) figures.ratioP50 = r;
  return figures;
}

const n = (v: number | undefined): string => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));

export function fanoutResult(m: FanoutMeasurement): ScenarioResult {
  const f = fanoutFigures(m);
  const last = f.chorus.lastMs;
  const failures = [
    ...tallyFailures(`N=${m.size} Chorus`, f.chorus.tally),
    ...tallyFailures(`N=${m.size} baseline`, f.baseline.tally),
    ...f.chorus.errors.map((e) => `N=${m.size} Chorus ${e}`),
    ...f.baseline.errors.map((e) => `N=${m.size} baseline ${e}`),
  ];
  return {
    scenario: 'fanout',
    label: `N=${m.size}`,
    line:
      `fanout N=${n(m.size)}: send→last p50 ${ms(last?.p50Ms) ?? '–'} ms (p95 ${ms(last?.p95Ms) ?? '–'}, max ${ms(last?.maxMs) ?? '–'}) ` +
      `over ${f.messages} msgs, ${n(f.chorus.deliveriesPerSecond)} deliveries/s; ` +
      `ws broadcast p50 ${ms(f.baseline.lastMs?.p50Ms) ?? '–'} ms; ratio ${f.ratioP50 === undefined ? '–' : `${f.ratioP50.toFixed(1)}×`}; ` +
      `Chorus ${formatTally(f.chorus.tally)}; baseline ${formatTally(f.baseline.tally)}`,
    failures,
    data: f as unknown as Record<string, unknown>,
    charts: [
      latencyChart(`fanout-latency-${m.size}`, `Send → each copy, N=${m.size} (timed messages)`, [
        { label: 'Chorus', points: latencyDistribution(decodeHistogram(m.chorus.timed.latency)) },
        {
          label: 'plain ws broadcast',
          points: latencyDistribution(decodeHistogram(m.baseline.timed.latency)),
        },
      ]),
    ],
    tables: [],
  };
}

/** The ratio table and chart over every room size measured. */
export function fanoutSummary(measurements: readonly FanoutMeasurement[]): ScenarioResult {
  const figures = measurements.map(fanoutFigures);
  const labels = figures.map((f) => `N=${f.size}`);
  return {
    scenario: 'fanout',
    label: 'Chorus / baseline',
    line: `fanout ratio (Chorus send→last p50 / ws broadcast p50): ${
      figures
        .map((f) => `N=${n(f.size)} ${f.ratioP50 === undefined ? '–' : `${f.ratioP50.toFixed(1)}×`}`)
        .join(', ') || 'no room measured'
    }`,
    failures: [],
    data: { ratios: figures.map((f) => ({ size: f.size, ratioP50: f.ratioP50 })) },
    charts: [
      barChart(
        'fanout-ratio',
        'Send → last member, p50',
        'ms (log scale)',
        labels,
        [
          { label: 'Chorus', values: figures.map((f) => f.chorus.lastMs?.p50Ms ?? 0) },
          { label: 'plain ws broadcast', values: figures.map((f) => f.baseline.lastMs?.p50Ms ?? 0) },
        ],
        'logarithmic',
      ),
    ],
    tables: [
      {
        title: 'Chorus against the physical baseline (same run, same frame, same socket count)',
        headers: [
          'room',
          'Chorus send→last p50 ms',
          'p95',
          'deliveries/s',
          'ws broadcast p50 ms',
          'ratio',
          'missing',
          'dup',
        ],
        rows: figures.map((f) => [
          f.size.toLocaleString('en-US'),
          ms(f.chorus.lastMs?.p50Ms) ?? '–',
          ms(f.chorus.lastMs?.p95Ms) ?? '–',
          n(f.chorus.deliveriesPerSecond),
          ms(f.baseline.lastMs?.p50Ms) ?? '–',
          f.ratioP50 === undefined ? '–' : `${f.ratioP50.toFixed(1)}×`,
          f.chorus.tally.missing + f.baseline.tally.missing,
          f.chorus.tally.duplicates + f.baseline.tally.duplicates,
        ]),
      },
    ],
  };
}
