// aws-timing: the 2-member room again, on a second local cloud started with `--aws-timing`
// (stream shards read every 250 ms as Lambda's pollers do, batching windows honoured), so the
// bench reports the AWS-faithful figure beside the fast default's. The published anchor for the
// one hop AWS adds and we cannot remove, DynamoDB Streams → Lambda, is a p50 of about 213 ms;
// Chorus's figure also holds sendMessage, the dispatcher, one SQS hop and the post.
import { startLocalCloud } from '../../tests/integration/support/localCloudProcess';
import { formatTally, tallyFailures, addTallies } from '../deliveries';
import { decodeHistogram, histogramOf, latencyDistribution, summarizeLatency } from '../latency';
import { latencyChart } from '../report/charts';
import { failureResult } from '../report/failure';
import type { ScenarioResult } from '../report/types';
import { ms } from '../table';
import type { Scenario, ScenarioContext } from './context';
import { chorusRounds, type RoundSamples } from './fanoutRounds';
import { connectGroup, joinGroup, stepFailure } from './members';

/** DynamoDB Streams → Lambda p50 as published for Lambda's stream pollers (docs/operations.md). */
export const STREAMS_TO_LAMBDA_P50_MS = 213;
/** Members of the room: the small-room case the anchor is compared with. */
export const AWS_TIMING_ROOM_SIZE = 2;

export function awsTimingResult(samples: RoundSamples): ScenarioResult {
  const last = summarizeLatency(histogramOf(samples.lastMs));
  const tally = addTallies(samples.timed.tally, samples.warmup.tally);
  const failures = [
    ...tallyFailures(`N=${AWS_TIMING_ROOM_SIZE} --aws-timing`, tally),
    ...samples.errors.map((e) => `N=${AWS_TIMING_ROOM_SIZE} --aws-timing ${e}`),
  ];
  const anchorRatio = last === undefined ? undefined : (last.p50Ms / STREAMS_TO_LAMBDA_P50_MS).toFixed(1);
  return {
    scenario: 'aws-timing',
    label: `N=${AWS_TIMING_ROOM_SIZE}`,
    line:
      `aws-timing N=${AWS_TIMING_ROOM_SIZE}: send→last p50 ${ms(last?.p50Ms) ?? '–'} ms ` +
      `(p95 ${ms(last?.p95Ms) ?? '–'}, max ${ms(last?.maxMs) ?? '–'}) over ${samples.lastMs.length} msgs ` +
      `with Lambda's polling (--aws-timing); published Streams→Lambda p50 ≈ ${STREAMS_TO_LAMBDA_P50_MS} ms` +
      `${anchorRatio === undefined ? '' : ` (${anchorRatio}× of it)`}; ${formatTally(tally)}`,
    failures,
    data: {
      size: AWS_TIMING_ROOM_SIZE,
      anchorP50Ms: STREAMS_TO_LAMBDA_P50_MS,
      lastMs: last,
      tally,
      errors: samples.errors,
    },
    charts: [
      latencyChart(
        'aws-timing-latency',
        `Send → each copy, N=${AWS_TIMING_ROOM_SIZE}, AWS-faithful polling`,
        [
          {
            label: 'Chorus --aws-timing',
            points: latencyDistribution(decodeHistogram(samples.timed.latency)),
          },
        ],
      ),
    ],
    tables: [],
  };
}

async function measure(ctx: ScenarioContext): Promise<RoundSamples | string[]> {
  ctx.terminal.note('starting a second local cloud with --aws-timing…');
  const cloud = await startLocalCloud({ env: { CHORUS_AWS_TIMING: '1' }, timeoutMs: 180_000 });
  const releaseCloud = ctx.teardown.add('aws-timing local cloud', () => cloud.stop());
  const group = 'aws-timing';
  const fleet = await ctx.fleet();
  const releaseGroup = ctx.teardown.add(`fleet group ${group}`, () =>
    fleet.run({ kind: 'close', group }).then(() => undefined),
  );
  try {
    const roomId = `bench-${ctx.runId}-aws`;
    const connect = await connectGroup(ctx, {
      group,
      url: cloud.endpoints.websocketUrl,
      signInUrl: cloud.endpoints.signIn,
      count: AWS_TIMING_ROOM_SIZE,
      namePrefix: `b${ctx.runId}-aws-`,
      label: 'aws-timing connect',
    });
    const join = await joinGroup(ctx, { group, roomId, count: connect.done, label: 'aws-timing join' });
    const failures = [
      stepFailure('aws-timing connect', connect, AWS_TIMING_ROOM_SIZE),
      stepFailure('aws-timing join', join, AWS_TIMING_ROOM_SIZE),
    ].filter((f): f is string => f !== undefined);
    if (failures.length > 0) return failures;
    return await chorusRounds(ctx, {
      group,
      roomId,
      size: AWS_TIMING_ROOM_SIZE,
      series: 'aws-timing',
      tagLetter: 'a',
    });
  } finally {
    await fleet.run({ kind: 'close', group });
    releaseGroup();
    await cloud.stop();
    releaseCloud();
  }
}

export const awsTimingScenario: Scenario = {
  name: 'aws-timing',
  summary: "a 2-member room on a cloud with Lambda's own polling (--aws-timing), beside the published anchor",
  async run(ctx) {
    const measured = await measure(ctx);
    ctx.report(
      Array.isArray(measured)
        ? failureResult('aws-timing', `N=${AWS_TIMING_ROOM_SIZE}`, measured)
        : awsTimingResult(measured),
    );
  },
};
