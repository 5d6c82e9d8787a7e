// One stream batch's error handling (docs/aws-behaviours.md#stream-trigger): retry the batch (from the
// reported checkpoint when ReportBatchItemFailures is on), bisect on error (halves do not count as
// retries), and once MaximumRetryAttempts or MaximumRecordAgeInSeconds is exceeded hand the
// records to the on-failure destination and move on. The shard stays blocked meanwhile.
import type { LambdaInvoker } from '../runtime/types';
import { interpretBatchResponse, streamCheckpointIndex } from './batchResponse';
import type { StreamFailureCondition, LambdaDynamoDBRecord } from './streamRecords';
import { fullJitterDelayMs } from '@chorus/lambda-kit';
import { sleep } from './timing';

export interface StreamBatchSettings {
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
}

export interface DiscardedBatch {
  records: LambdaDynamoDBRecord[];
  condition: StreamFailureCondition;
  approximateInvokeCount: number;
  requestId: string;
  functionError: boolean;
}

export interface StreamBatchDeps {
  functionName: string;
  invoker: LambdaInvoker;
  settings: StreamBatchSettings;
  /** Sends the on-failure record; resolves once it is delivered (or given up on). */
  onDiscard: (batch: DiscardedBatch) => Promise<void>;
  log: (line: string) => void;
  signal: AbortSignal;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  nowSeconds?: () => number;
}

interface Segment {
  records: LambdaDynamoDBRecord[];
  /** Failed attempts that counted as retries. */
  attempts: number;
  invokes: number;
}

/** Resolves when every record has succeeded or been discarded, or when the signal aborts. */
export async function processStreamBatch(
  records: LambdaDynamoDBRecord[],
  deps: StreamBatchDeps,
): Promise<void> {
  const { settings, signal } = deps;
  const nowSeconds = deps.nowSeconds ?? (() => Date.now() / 1000);
  const segments: Segment[] = [{ records, attempts: 0, invokes: 0 }];
  while (segments.length > 0 && !signal.aborted) {
    const segment = segments[0] as Segment;
    const sequenceNumbers = segment.records.map((record) => record.dynamodb.SequenceNumber);
    const invocation = await invokeSafely(deps, segment.records);
    segment.invokes += 1;
    const outcome = interpretBatchResponse(invocation, sequenceNumbers, settings.reportBatchItemFailures);
    if (outcome.kind === 'success') {
      segments.shift();
      continue;
    }
    let checkpointed = false;
    if (outcome.kind === 'partial') {
      const checkpoint = streamCheckpointIndex(sequenceNumbers, outcome.failedIds);
      if (checkpoint > 0) {
        segment.records = segment.records.slice(checkpoint);
        checkpointed = true;
      }
      deps.log(
        `batch partially failed; retrying from sequence number ${segment.records[0]?.dynamodb.SequenceNumber}`,
      );
    } else {
      deps.log(`batch of ${segment.records.length} failed (${outcome.reason})`);
    }
    const functionError = outcome.kind === 'failure' && outcome.functionError;
    if (settings.bisectBatchOnFunctionError && !checkpointed && segment.records.length > 1) {
      const half = Math.ceil(segment.records.length / 2);
      segments.splice(
        0,
        1,
        { records: segment.records.slice(0, half), attempts: segment.attempts, invokes: segment.invokes },
        { records: segment.records.slice(half), attempts: segment.attempts, invokes: segment.invokes },
      );
      continue;
    }
    segment.attempts += 1;
    const retriesExhausted =
      settings.maximumRetryAttempts >= 0 && segment.attempts > settings.maximumRetryAttempts;
    const oldest = segment.records[0]?.dynamodb.ApproximateCreationDateTime ?? nowSeconds();
    const tooOld =
      settings.maximumRecordAgeSeconds >= 0 && nowSeconds() - oldest > settings.maximumRecordAgeSeconds;
    if (retriesExhausted || tooOld) {
      segments.shift();
      await deps.onDiscard({
        records: segment.records,
        condition: retriesExhausted ? 'RetryAttemptsExhausted' : 'RecordAgeExceeded',
        approximateInvokeCount: segment.invokes,
        requestId: invocation.requestId,
        functionError,
      });
      continue;
    }
    await sleep(
      fullJitterDelayMs(segment.attempts, { baseMs: deps.retryBaseDelayMs, capMs: deps.retryMaxDelayMs }),
      signal,
    );
  }
}

async function invokeSafely(deps: StreamBatchDeps, records: LambdaDynamoDBRecord[]) {
  try {
    return await deps.invoker.invoke(deps.functionName, { Records: records });
  } catch (error) {
    // The invoker itself failed (unknown function, runtime stopped): treat like a function error.
    const err = error instanceof Error ? error : new Error(String(error));
    return { ok: false as const, requestId: '', error: { name: err.name, message: err.message } };
  }
}
