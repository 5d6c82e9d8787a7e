// synthetic: one message to N phantom connections under the gateway's emulated account throttle.
// The figure is ack → the post that reached the last phantom, set against the throttle bound
// (N − B)/R and the planner's prediction for the same knobs; every phantom must be posted once.
import type { FanOutPlan } from '../capacity';
import type { ChartSpec, ScenarioResult, XY } from '../report/types';
import type { RoundOutcome } from '../synthetic/round';

/** The targets (reported beside the figures, never asserted). */
export const SYNTHETIC_BOUND_TARGET = 1.1;
export const SYNTHETIC_PLANNER_TOLERANCE = 0.15;

export interface SyntheticMeasurement {
  size: number;
  rate: number;
  /** Unthrottled posts/s of the calibration round, when R was derived from it. */
  sustainedRate?: number;
  burst: number;
  latencyMs: number;
  seedSeconds: number;
  calibration?: RoundOutcome;
  throttled: RoundOutcome;
  plan: FanOutPlan;
}

export interface SyntheticFigures {
  /** ack → last phantom reached, seconds (undefined when some phantom never was). */
  totalSeconds?: number;
  /** (N − B)/R, never below 0. */
  boundSeconds: number;
  boundRatio?: number;
  plannerSeconds: number;
  /** measured / planned. */
  plannerRatio?: number;
  missing: number;
  duplicates: number;
  throttled: number;
  retriesPerDelivery: number;
}

const seconds = (round: RoundOutcome): number | undefined =>
  round.stats.completedAt === undefined ? undefined : (round.stats.completedAt - round.ackAt) / 1000;

export function syntheticFigures(m: SyntheticMeasurement): SyntheticFigures {
  const total = seconds(m.throttled);
  const boundSeconds = Math.max(0, (m.size - m.burst) / m.rate);
  const plannerSeconds = m.plan.timing.totalSeconds;
  const figures: SyntheticFigures = {
    boundSeconds,
    plannerSeconds,
    missing: m.size - m.throttled.stats.posted,
    duplicates: m.throttled.stats.duplicates,
    throttled: m.throttled.throttle.throttled,
    retriesPerDelivery: m.throttled.throttle.throttled / m.size,
  };
  if (total !== undefined) {
    figures.totalSeconds = total;
    if (boundSeconds > 0) figures.boundRatio = total / boundSeconds;
    if (plannerSeconds > 0) figures.plannerRatio = total / plannerSeconds;
  }
  return figures;
}

function roundFailures(name: string, size: number, round: RoundOutcome): string[] {
  const failures: string[] = [];
  const missing = size - round.stats.posted;
  if (missing > 0)
    failures.push(
      `synthetic ${name}: ${missing.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} phantoms never posted${round.stalled ? ' (no progress for the stall timeout)' : ''}`,
    );
  if (round.stats.duplicates > 0)
    failures.push(`synthetic ${name}: ${round.stats.duplicates.toLocaleString('en-US')} duplicate posts`);
  if (!round.senderCopy) failures.push(`synthetic ${name}: the sender never got its own copy`);
  return failures;
}

/** Phantoms reached over time since the ack, from the gateway's 100 ms buckets. */
function curve(round: RoundOutcome): XY[] {
  const { firstPostAt, perBucket, bucketMs } = round.stats;
  if (firstPostAt === undefined) return [];
  const offset = (firstPostAt - round.ackAt) / 1000;
  let done = 0;
  return perBucket.map((count, i) => {
    done += count;
    return { x: Number((offset + ((i + 1) * bucketMs) / 1000).toFixed(2)), y: done };
  });
}

function deliveriesChart(m: SyntheticMeasurement, f: SyntheticFigures): ChartSpec {
  const end = Math.max(f.totalSeconds ?? 0, f.boundSeconds);
  const bound: XY[] = [
    { x: 0, y: Math.min(m.size, m.burst) },
    { x: Number(end.toFixed(2)), y: Math.min(m.size, m.burst + m.rate * end) },
  ];
  const series = [
    { label: `throttled (R ${m.rate}/s, B ${m.burst})`, data: curve(m.throttled) },
    { label: 'bound B + R·t', data: bound },
  ];
  if (m.calibration !== undefined) series.push({ label: 'unthrottled', data: curve(m.calibration) });
  return {
    id: 'synthetic-deliveries',
    title: `Synthetic room of ${m.size.toLocaleString('en-US')}: phantoms reached since the ack`,
    kind: 'line',
    xLabel: 'seconds since the ack',
    yLabel: 'phantoms posted',
    xType: 'linear',
    yType: 'linear',
    series,
  };
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const s = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(1)} s`);
const x = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(2)}×`);

export function syntheticResult(m: SyntheticMeasurement): ScenarioResult {
  const f = syntheticFigures(m);
  const failures = [
    ...(m.calibration === undefined ? [] : roundFailures('unthrottled round', m.size, m.calibration)),
    ...roundFailures('throttled round', m.size, m.throttled),
  ];
  const rateNote =
    m.sustainedRate === undefined
      ? `R ${n(m.rate)}/s as given`
      : `R ${n(m.rate)}/s = 80 % of the ${n(m.sustainedRate)}/s this machine sustained unthrottled`;
  const line =
    `synthetic N=${n(m.size)}: ack → last phantom ${s(f.totalSeconds)}; ` +
    `bound (N − B)/R ${s(f.boundSeconds)} (${rateNote}, B ${n(m.burst)}, L ${m.latencyMs} ms): ` +
    `${x(f.boundRatio)} (target ≤ ${SYNTHETIC_BOUND_TARGET}×); planner ${s(f.plannerSeconds)}: ` +
    `${x(f.plannerRatio)} (target within ${SYNTHETIC_PLANNER_TOLERANCE * 100} %); ` +
    `429s ${n(f.throttled)} (${f.retriesPerDelivery.toFixed(2)}/delivery); ` +
    `missing ${n(f.missing)}, duplicates ${n(f.duplicates)}`;
  return {
    scenario: 'synthetic',
    label: `N=${m.size}`,
    line,
    failures,
    data: {
      size: m.size,
      rate: m.rate,
      sustainedRate: m.sustainedRate,
      burst: m.burst,
      latencyMs: m.latencyMs,
      seedSeconds: m.seedSeconds,
      figures: f,
      calibration:
        m.calibration === undefined ? undefined : { seconds: seconds(m.calibration), ...m.calibration },
      throttled: m.throttled,
      plan: m.plan,
    },
    charts: [deliveriesChart(m, f)],
    tables: [
      {
        title: 'Synthetic fan-out under the emulated account throttle',
        headers: ['figure', 'value'],
        rows: [
          ['phantom rows N', n(m.size)],
          ['rows seeded in', s(m.seedSeconds)],
          ['unthrottled round: ack → last phantom', s(m.calibration && seconds(m.calibration))],
          ['rate R / burst B / latency L', `${n(m.rate)}/s / ${n(m.burst)} / ${m.latencyMs} ms`],
          ['throttled round: ack → last phantom', s(f.totalSeconds)],
          ['bound (N − B)/R', s(f.boundSeconds)],
          ['measured / bound', x(f.boundRatio)],
          [`planner (bound by ${m.plan.timing.boundBy})`, s(f.plannerSeconds)],
          ['measured / planner', x(f.plannerRatio)],
          ['429 answers', n(f.throttled)],
          ['missing / duplicates', `${n(f.missing)} / ${n(f.duplicates)}`],
        ],
      },
    ],
  };
}
