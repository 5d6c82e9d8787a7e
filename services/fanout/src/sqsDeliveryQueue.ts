// DeliveryQueue over SQS. SendMessageBatch takes at most 10 entries and 1 MiB of payload per call,
// and may succeed while refusing some entries (`Failed`); those are retried with backoff, and if
// they still fail the caller's record fails so its trigger retries (duplicates are fine: clients
// de-duplicate by messageId). Entries refused as the sender's fault are not retried: the error says
// it is permanent, so the dispatcher sets the record aside instead of retrying it forever.
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { fullJitterDelayMs, realSleep, type BackoffPolicy, type Sleep } from '@chorus/lambda-kit';
import {
  byteLength,
  encodeDeliveryJob,
  encodeQueueJob,
  type DeliveryJob,
  type QueueJob,
} from './deliveryJob';
import {
  SQS_BATCH_MAX_BYTES,
  SQS_BATCH_MAX_ENTRIES,
  type DeadLetterReason,
  type DeliveryQueue,
} from './deliveryQueue';
import { EnqueueFailedError } from './errors';

/**
 * Groups message bodies into SendMessageBatch calls of at most `maxEntries` entries and `maxBytes`
 * bytes (UTF-8) each, keeping their order.
 */
export function chunkForBatch(
  bodies: readonly string[],
  maxEntries: number = SQS_BATCH_MAX_ENTRIES,
  maxBytes: number = SQS_BATCH_MAX_BYTES,
): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let currentBytes = 0;
  for (const body of bodies) {
    const size = byteLength(body);
    if (size > maxBytes) {
      throw new RangeError(
        `a single queue message of ${size} bytes exceeds the ${maxBytes}-byte batch limit`,
      );
    }
    if (current.length === maxEntries || currentBytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(body);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export interface SqsDeliveryQueueOptions {
  queueUrl: string;
  dlqUrl: string;
  /** Retries of entries reported in `Failed` before giving up. */
  failedEntryRetries?: number;
  backoff?: BackoffPolicy;
  sleep?: Sleep;
}

export class SqsDeliveryQueue implements DeliveryQueue {
  private readonly failedEntryRetries: number;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: Sleep;

  public constructor(
    private readonly sqs: SQSClient,
    private readonly options: SqsDeliveryQueueOptions,
  ) {
    this.failedEntryRetries = options.failedEntryRetries ?? 3;
    this.backoff = options.backoff ?? { baseMs: 100, capMs: 2000 };
    this.sleep = options.sleep ?? realSleep;
  }

  public async enqueue(jobs: readonly QueueJob[]): Promise<void> {
    for (const chunk of chunkForBatch(jobs.map(encodeQueueJob))) {
      await this.sendBatch(chunk);
    }
  }

  public async requeue(job: DeliveryJob, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: encodeDeliveryJob(job),
        DelaySeconds: delaySeconds,
      }),
    );
  }

  public async deadLetter(job: DeliveryJob, reason: DeadLetterReason): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.dlqUrl,
        // The body restarts at attempt 1 so a redrive (DLQ → delivery queue) gets a fresh retry
        // budget instead of going straight back to the DLQ; the attempts spent stay in `attempt`.
        MessageBody: encodeDeliveryJob({ ...job, attempt: 1 }),
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason },
          attempt: { DataType: 'Number', StringValue: String(job.attempt) },
        },
      }),
    );
  }

  public async deadLetterUnreadable(body: string, problem: string): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.options.dlqUrl,
        // Unchanged: it came off the queue, so SQS accepts it again as it is.
        MessageBody: body,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: 'UNREADABLE_JOB' satisfies DeadLetterReason },
          // Attribute values count toward the 256 KiB message size; the gist is enough.
          problem: { DataType: 'String', StringValue: problem.slice(0, 1_000) || 'unreadable' },
        },
      }),
    );
  }

  /** Sends one chunk; entries SQS refuses are resent (only those) with backoff. */
  private async sendBatch(bodies: string[]): Promise<void> {
    let pending = new Map(bodies.map((body, index) => [String(index), body]));
    for (let retry = 0; ; retry += 1) {
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: [...pending].map(([Id, MessageBody]) => ({ Id, MessageBody })),
        }),
      );
      const failed = result.Failed ?? [];
      if (failed.length === 0) return;
      const senderFaults = failed.filter((entry) => entry.SenderFault === true);
      if (senderFaults.length > 0) {
        // The body itself is refused (e.g. InvalidMessageContents): retrying cannot help.
        const codes = [...new Set(senderFaults.map((entry) => entry.Code ?? 'unknown'))].join(', ');
        const reasons = [...new Set(senderFaults.map((entry) => entry.Message ?? ''))].join(' | ');
        throw new EnqueueFailedError(
          `SQS refused ${senderFaults.length} delivery job(s) as invalid (${codes}): ${reasons}`,
          senderFaults.length,
          true,
        );
      }
      if (retry >= this.failedEntryRetries) {
        const codes = [...new Set(failed.map((entry) => entry.Code ?? 'unknown'))].join(', ');
        throw new EnqueueFailedError(
          `SQS refused ${failed.length} delivery job(s) after ${retry + 1} tries (${codes})`,
          failed.length,
        );
      }
      const failedIds = new Set(failed.map((entry) => entry.Id));
      pending = new Map([...pending].filter(([id]) => failedIds.has(id)));
      await this.sleep(fullJitterDelayMs(retry + 1, this.backoff));
    }
  }
}
