// The delivery queue as the dispatcher and the workers see it.
import type { DeliveryJob, QueueJob } from './deliveryJob';

/** SendMessageBatch limits: the dispatcher hands jobs over in groups of this many. */
export const SQS_BATCH_MAX_ENTRIES = 10;
export const SQS_BATCH_MAX_BYTES = 1024 * 1024;

/** Why a job went to the DLQ; sent as the `reason` message attribute. */
export type DeadLetterReason = 'MAX_ATTEMPTS_EXCEEDED' | 'UNREADABLE_JOB';

export interface DeliveryQueue {
  /**
   * Puts delivery or expand jobs on the queue (any number; chunked into SendMessageBatch calls). Resolves once every
   * job is accepted; throws EnqueueFailedError when some are still refused after retries.
   */
  enqueue(jobs: readonly QueueJob[]): Promise<void>;
  /** Puts one job back on the queue, visible after `delaySeconds`. */
  requeue(job: DeliveryJob, delaySeconds: number): Promise<void>;
  /** Parks a job in the dead-letter queue for an operator (redrive sends it back). */
  deadLetter(job: DeliveryJob, reason: DeadLetterReason): Promise<void>;
  /**
   * Parks a body that is not a job at all, byte for byte, with why it could not be read: no
   * receive will ever read it, so it goes to the DLQ at once instead of after the redrive.
   */
  deadLetterUnreadable(body: string, problem: string): Promise<void>;
}
