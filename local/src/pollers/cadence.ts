// How fast the local event-source pollers run. Lambda's own pollers read each stream shard about
// 4 times a second and honour the mapping's batching window; that is what `--aws-timing`
// reproduces, so the bench can report AWS-faithful latencies. By default the local cloud is
// tuned for development instead: a shard is read again as soon as any function invocation ends
// (that is when a handler may have written to the table) and otherwise every 25 ms, and batches
// are handed over as soon as something arrived (no batching window), so a message sent in a
// two-person room shows up in tens of milliseconds. A plain few-ms poll would get close too, but
// each GetRecords is a signed SDK request on the main thread, which the gateway shares: 200 reads
// a second cost it more CPU than the deliveries. SQS receives long-poll in both modes: the
// embedded emulator answers a waiting ReceiveMessage the moment a message is sent.

export type PollerTimingMode = 'fast' | 'aws';

export interface PollerCadence {
  mode: PollerTimingMode;
  /** Longest pause after an empty GetRecords before the shard is read again. */
  streamPollIntervalMs: number;
  /** Read the stream shards again as soon as a function invocation ends. */
  nudgeStreamsAfterInvocations: boolean;
  /** Whether the mappings' batching windows are waited for (stream and SQS). */
  honourBatchingWindows: boolean;
  /** WaitTimeSeconds of the SQS receives (long polling, as Lambda's pollers do). */
  sqsWaitTimeSeconds: number;
}

/** Lambda polls each stream shard 4×/s. */
export const AWS_STREAM_POLL_INTERVAL_MS = 250;
/**
 * Fast mode's pause between empty reads when no invocation ended meanwhile: records written by
 * anything else (a script, the AWS CLI) still show up within 25 ms, at 40 reads a second.
 */
export const FAST_STREAM_POLL_INTERVAL_MS = 25;

export function pollerCadence(mode: PollerTimingMode): PollerCadence {
  if (mode === 'aws') {
    return {
      mode,
      streamPollIntervalMs: AWS_STREAM_POLL_INTERVAL_MS,
      nudgeStreamsAfterInvocations: false,
      honourBatchingWindows: true,
      sqsWaitTimeSeconds: 20,
    };
  }
  return {
    mode,
    streamPollIntervalMs: FAST_STREAM_POLL_INTERVAL_MS,
    nudgeStreamsAfterInvocations: true,
    honourBatchingWindows: false,
    sqsWaitTimeSeconds: 20,
  };
}

/** The environment switch behind `--aws-timing` (for the bench and tests that start the cloud). */
export const AWS_TIMING_ENV = 'CHORUS_AWS_TIMING';

/**
 * The mode asked for: `--aws-timing` wins; otherwise CHORUS_AWS_TIMING=1|true|yes selects AWS
 * timing and 0|false|no|empty the fast default. Anything else is a mistake worth naming.
 */
export function timingModeFrom(
  flag: boolean,
  env: Record<string, string | undefined>,
): PollerTimingMode | { error: string } {
  if (flag) return 'aws';
  const raw = env[AWS_TIMING_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false' || raw === 'no') return 'fast';
  if (raw === '1' || raw === 'true' || raw === 'yes') return 'aws';
  return { error: `${AWS_TIMING_ENV}=${env[AWS_TIMING_ENV]} must be 1/true/yes or 0/false/no` };
}
