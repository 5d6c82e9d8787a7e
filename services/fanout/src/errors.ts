// Errors of the fan-out service. Each sets `name` (logs and SDK-style matching) and a stable `code`
// that alarms and the dead-letter `reason` attribute can rely on.

export type FanoutErrorCode =
  | 'CONFIG_INVALID'
  | 'INVALID_DELIVERY_JOB'
  | 'INVALID_STREAM_RECORD'
  | 'ENQUEUE_FAILED'
  | 'MANAGEMENT_API_ERROR'
  | 'DEADLINE_REACHED';

export abstract class FanoutError extends Error {
  public abstract readonly code: FanoutErrorCode;
}

/** An environment variable is missing or out of range; thrown at cold start. */
export class ConfigError extends FanoutError {
  public override readonly name = 'ConfigError';
  public readonly code = 'CONFIG_INVALID';
}

/** An SQS body is not a delivery job. Not retryable: it is parked in the DLQ at once. */
export class InvalidDeliveryJobError extends FanoutError {
  public override readonly name = 'InvalidDeliveryJobError';
  public readonly code = 'INVALID_DELIVERY_JOB';
}

/**
 * Too little of the invocation is left to start this record: it fails (SQS redelivers it) rather
 * than being cut off by the function timeout, which would fail the whole batch.
 */
export class DeadlineReachedError extends FanoutError {
  public override readonly name = 'DeadlineReachedError';
  public readonly code = 'DEADLINE_REACHED';
}

/** A stream record says it is a chat message but its image does not hold a valid one. */
export class InvalidStreamRecordError extends FanoutError {
  public override readonly name = 'InvalidStreamRecordError';
  public readonly code = 'INVALID_STREAM_RECORD';
}

/**
 * SQS refused some entries. Usually transient (kept failing after our retries): the caller's record
 * fails and is retried. `permanent` when SQS blamed the entries themselves (SenderFault: invalid
 * contents, too long): sending the same bodies again can never succeed.
 */
export class EnqueueFailedError extends FanoutError {
  public override readonly name = 'EnqueueFailedError';
  public readonly code = 'ENQUEUE_FAILED';

  public constructor(
    message: string,
    /** How many entries were still refused. */
    public readonly failedCount: number,
    public readonly permanent = false,
  ) {
    super(message);
  }
}

/**
 * The @connections API answered a post with an error status. Shaped like the SDK's service
 * exceptions on purpose: `name` is the AWS error type (`GoneException`, `LimitExceededException`,
 * …, from `x-amzn-ErrorType`) and `$metadata.httpStatusCode` the status, so classifyPostError
 * reads it exactly as it reads an SDK error.
 */
export class ManagementApiError extends FanoutError {
  public override readonly name: string;
  public readonly code = 'MANAGEMENT_API_ERROR';
  public readonly $metadata: { httpStatusCode: number; requestId?: string };

  public constructor(
    name: string,
    message: string,
    metadata: { httpStatusCode: number; requestId?: string },
  ) {
    super(message);
    this.name = name;
    this.$metadata = metadata;
  }
}
