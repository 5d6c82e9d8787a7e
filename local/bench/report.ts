// Turns raw samples into the JSON report (artifacts/bench.json) and the terminal tables. Pure: no
// I/O, so the arithmetic and the layout are unit-tested.
import type { BenchOptions } from './args';
import {
  AWS_ACCOUNT_BURST,
  AWS_ACCOUNT_RATE_PER_SECOND,
  projectFanOut,
  workerPostRate,
  type CapacityProjection,
} from './capacity';
import type { ColdStartRun } from './coldStart';
import type { DeliveryTally } from './deliveries';
import type { FanoutParams } from './params';
import type { RoomResult } from './room';
import { perSecond, ratio, summarize, type Summary } from './stats';
import { formatTable, ms, rate, seconds, times } from './table';

/** The target for `npm start` on a 2-core machine (reported next to the figure, not asserted). */
export const COLD_START_TARGET_SECONDS = 15;
export const PROJECTED_SIZES = [1e3, 1e4, 1e5, 1e6];

export interface RoomReport {
  size: number;
  connectSeconds: number;
  joinSeconds: number;
  pingMs?: Summary;
  pipeline: {
    ackMs?: Summary;
    ackToLastMs?: Summary;
    deliveriesPerSecond?: number;
    tally: DeliveryTally;
    errors: string[];
  };
  baseline: {
    roundMs?: Summary;
    postMs?: Summary;
    deliveriesPerSecond?: number;
    postFailures: number;
    tally: DeliveryTally;
    errors: string[];
  };
  /** Pipeline ack→last p50 / baseline post→last p50. */
  ratioP50?: number;
}

export interface ProjectionReport {
  label: string;
  batchSize: number;
  inFlight: number;
  maxConcurrency: number;
  ratePerSecond: number;
  burst: number;
  perCallLatencyMs: number;
  perCallLatencySource: string;
  t0Ms: number;
  t0Source: string;
  workerPostRatePerSecond: number;
  rows: Array<CapacityProjection & { estimatedSeconds: number }>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemGiB: number;
    node: string;
    platform: string;
    /** 1-minute load average at the start and the end: other work on the machine skews every figure. */
    loadAverage: { start: number; end: number };
  };
  options: BenchOptions;
  params: FanoutParams;
  coldStart: { targetSeconds: number; runs: ColdStartRun[]; readySeconds?: Summary; wallSeconds?: Summary };
  rooms: RoomReport[];
  projection?: ProjectionReport;
  /** Functional failures (missing/duplicate deliveries, errors); empty on success. */
  failures: string[];
}

export function summarizeRoom(room: RoomResult): RoomReport {
  const pipelineLast = summarize(room.pipeline.ackToLastMs);
  const baselineLast = summarize(room.baseline.roundMs);
  const busy = (samples: number[]): number => samples.reduce((sum, v) => sum + v, 0);
  return {
    size: room.size,
    connectSeconds: room.connectSeconds,
    joinSeconds: room.joinSeconds,
    pingMs: summarize(room.pingMs),
    pipeline: {
      ackMs: summarize(room.pipeline.ackMs),
      ackToLastMs: pipelineLast,
      deliveriesPerSecond: perSecond(
        room.size * room.pipeline.ackToLastMs.length,
        busy(room.pipeline.ackToLastMs),
      ),
      tally: room.pipeline.tally,
      errors: room.pipeline.errors,
    },
    baseline: {
      roundMs: baselineLast,
      postMs: summarize(room.baseline.postMs),
      deliveriesPerSecond: perSecond(room.size * room.baseline.roundMs.length, busy(room.baseline.roundMs)),
      postFailures: room.baseline.postFailures,
      tally: room.baseline.tally,
      errors: room.baseline.errors,
    },
    ratioP50: ratio(pipelineLast?.p50, baselineLast?.p50),
  };
}

/** Everything that makes the run a functional failure; time never does. */
export function functionalFailures(rooms: readonly RoomReport[]): string[] {
  const failures: string[] = [];
  for (const room of rooms) {
    for (const [what, part] of [
      ['pipeline', room.pipeline],
      ['baseline', room.baseline],
    ] as const) {
      if (part.tally.missing > 0)
        failures.push(`N=${room.size} ${what}: ${part.tally.missing} missing deliveries`);
      if (part.tally.duplicates > 0)
        failures.push(`N=${room.size} ${what}: ${part.tally.duplicates} duplicate deliveries`);
      for (const error of part.errors) failures.push(`N=${room.size} ${what}: ${error}`);
    }
    if (room.baseline.postFailures > 0)
      failures.push(`N=${room.size} baseline: ${room.baseline.postFailures} PostToConnection calls failed`);
  }
  return failures;
}

/**
 * docs/architecture.md's model for AWS with the stage params. L is the local per-call latency of the baseline
 * at the largest N; T0 the local pipeline's fixed overhead at the smallest N (pipeline p50 − baseline
 * p50, never below 0). Both are local stand-ins and labelled as such.
 */
export function buildProjection(
  params: FanoutParams,
  rooms: readonly RoomReport[],
): ProjectionReport | undefined {
  const measured = rooms.filter((r) => r.baseline.postMs !== undefined);
  const largest = measured.reduce<RoomReport | undefined>(
    (a, b) => (a === undefined || b.size > a.size ? b : a),
    undefined,
  );
  if (largest?.baseline.postMs === undefined) return undefined;
  const perCallLatencyMs = largest.baseline.postMs.p50;
  const timed = rooms.filter((r) => r.pipeline.ackToLastMs !== undefined && r.baseline.roundMs !== undefined);
  const smallest = timed.reduce<RoomReport | undefined>(
    (a, b) => (a === undefined || b.size < a.size ? b : a),
    undefined,
  );
  const t0Ms =
    smallest === undefined
      ? 0
      : Math.max(0, smallest.pipeline.ackToLastMs!.p50 - smallest.baseline.roundMs!.p50);
  const rows = PROJECTED_SIZES.map((recipients) => {
    const row = projectFanOut({
      recipients,
      batchSize: params.deliveryBatchSize,
      inFlight: params.deliveryInFlight,
      perCallLatencySeconds: perCallLatencyMs / 1000,
    });
    return { ...row, estimatedSeconds: t0Ms / 1000 + row.secondsAboveT0 };
  });
  return {
    label: 'PROJECTION for AWS from the capacity model — not a measurement',
    batchSize: params.deliveryBatchSize,
    inFlight: params.deliveryInFlight,
    maxConcurrency: params.deliveryMaxConcurrency,
    ratePerSecond: AWS_ACCOUNT_RATE_PER_SECOND,
    burst: AWS_ACCOUNT_BURST,
    perCallLatencyMs,
    perCallLatencySource: `local PostToConnection p50 at N=${largest.size} with ${params.deliveryInFlight} in flight`,
    t0Ms,
    t0Source:
      smallest === undefined
        ? 'no timed room; T0 taken as 0'
        : `local pipeline p50 − baseline p50 at N=${smallest.size}`,
    workerPostRatePerSecond: workerPostRate(
      params.deliveryMaxConcurrency,
      params.deliveryInFlight,
      perCallLatencyMs / 1000,
    ),
    rows,
  };
}

function fmtCount(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

export function renderReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(
    `Chorus benchmark — ${report.startedAt} — ${m.cpus} × ${m.cpuModel}, ${m.totalMemGiB} GiB, Node ${m.node}, ` +
      `1-min load average ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)} (other work skews every figure)`,
  );
  out.push(
    `Stage params (services/fanout/serverless.yml): K deliveryBatchSize=${report.params.deliveryBatchSize}, ` +
      `c deliveryInFlight=${report.params.deliveryInFlight}, W deliveryMaxConcurrency=${report.params.deliveryMaxConcurrency}`,
  );

  const cs = report.coldStart;
  out.push('', `1. Cold start of the local cloud (--in-memory --no-web), ${cs.runs.length} runs — measured`);
  if (cs.readySeconds === undefined) out.push('   skipped (--cold-starts 0)');
  else {
    const row = (label: string, s: Summary | undefined): (string | undefined)[] => [
      label,
      seconds(s?.min),
      seconds(s?.p50),
      seconds(s?.max),
    ];
    out.push(
      formatTable(
        ['', 'min s', 'median s', 'max s'],
        [row('"Chorus is ready in"', cs.readySeconds), row('spawn → endpoints file', cs.wallSeconds)],
      ),
      `   issue target: ready in ≤ ${cs.targetSeconds} s on a 2-core machine (median ${seconds(cs.readySeconds.p50)} s; reported, not asserted)`,
    );
  }

  out.push(
    '',
    `2. Fan-out through the pipeline (sendMessage → stream → dispatch → SQS → deliver), ${report.options.messages} timed messages per room after ${report.options.warmups} warm-up — measured`,
  );
  out.push(
    formatTable(
      ['N', 'ack ms p50', 'ack→last ms p50', 'p95', 'max', 'deliveries/s', 'received', 'missing', 'dup'],
      report.rooms.map((r) => [
        r.size,
        ms(r.pipeline.ackMs?.p50),
        ms(r.pipeline.ackToLastMs?.p50),
        ms(r.pipeline.ackToLastMs?.p95),
        ms(r.pipeline.ackToLastMs?.max),
        rate(r.pipeline.deliveriesPerSecond),
        `${r.pipeline.tally.received}/${r.pipeline.tally.expected}`,
        r.pipeline.tally.missing,
        r.pipeline.tally.duplicates,
      ]),
    ),
  );

  out.push(
    '',
    `3. Baseline, same run: the bench posts the same frame to the same N connections through @connections`,
    `   (AWS SDK ApiGatewayManagementApiClient, ≤ ${report.params.deliveryInFlight} in flight = deliveryInFlight) — measured`,
  );
  out.push(
    formatTable(
      [
        'N',
        'post→last ms p50',
        'p95',
        'max',
        'deliveries/s',
        'L ms p50',
        'L p95',
        'missing',
        'dup',
        'ratio p50',
        'ping→pong ms p50',
      ],
      report.rooms.map((r) => [
        r.size,
        ms(r.baseline.roundMs?.p50),
        ms(r.baseline.roundMs?.p95),
        ms(r.baseline.roundMs?.max),
        rate(r.baseline.deliveriesPerSecond),
        ms(r.baseline.postMs?.p50),
        ms(r.baseline.postMs?.p95),
        r.baseline.tally.missing,
        r.baseline.tally.duplicates,
        times(r.ratioP50),
        ms(r.pingMs?.p50),
      ]),
    ),
    '   ratio = pipeline ack→last p50 / baseline post→last p50 (the cost of the pipeline over PostToConnection alone);',
    '   L = one PostToConnection call; ping→pong = gateway + one Lambda invocation round trip.',
  );

  const p = report.projection;
  out.push('', `4. ${p?.label ?? 'PROJECTION for AWS — not computed (no baseline measured)'}`);
  if (p !== undefined) {
    out.push(
      `   T(N) ≈ T0 + max(K·L/c, (N − burst)/R) with K=${p.batchSize}, c=${p.inFlight}, R=${p.ratePerSecond.toLocaleString('en-US')}/s, burst=${p.burst.toLocaleString('en-US')},`,
      `   L=${ms(p.perCallLatencyMs)} ms (${p.perCallLatencySource}), T0=${ms(p.t0Ms)} ms (${p.t0Source})`,
      formatTable(
        ['N', 'K·L/c s', '(N−burst)/R s', 'bound by', 'T(N) − T0 s', 'T(N) s', 'cost $'],
        p.rows.map((row) => [
          fmtCount(row.recipients),
          seconds(row.workerSeconds, 3),
          seconds(row.rateSeconds, 1),
          row.boundBy,
          seconds(row.secondsAboveT0, 2),
          seconds(row.estimatedSeconds, 2),
          row.estimatedCostUsd.toFixed(4),
        ]),
        { leftAligned: [0, 3] },
      ),
      `   W·c/L = ${rate(p.workerPostRatePerSecond)} posts/s with W=${p.maxConcurrency}: ${p.workerPostRatePerSecond >= p.ratePerSecond ? 'above R, so large rooms are bound by R as modelled' : 'below R, so the workers, not R, bound large rooms (the model above is optimistic)'}.`,
      '   Not modelled: the SQS trigger ramp (+300 workers/min up to 1,000) and retries of 429s.',
    );
  }

  out.push('');
  if (report.failures.length === 0)
    out.push('Functional check: every member received every message exactly once.');
  else
    out.push(`Functional FAILURES (${report.failures.length}):`, ...report.failures.map((f) => `  ✖ ${f}`));
  return out.join('\n');
}
