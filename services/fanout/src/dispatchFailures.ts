// Stream records the dispatcher can never fan out (an invalid image, jobs SQS refuses as invalid).
// Failing such a record would make the stream retry it, and hold every message behind it on the
// shard, until the trigger's retry budget runs out; instead the dispatcher sets it aside at once: a
// description goes to the dispatch-failures queue (the trigger's on-failure destination, so an
// operator finds both kinds of give-up in one place) and the rest of the batch proceeds. Anything
// else (throttling, a network error) is transient and still fails the record so it is retried.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { EnqueueFailedError, InvalidStreamRecordError } from './errors';
import { encodeQueueBody } from './queueBody';

/** What an operator needs to find the message again (keys, sequence number) and why it was set aside. */
export interface DispatchFailure {
  version: '1.0';
  timestamp: string;
  condition: 'UndeliverableRecord';
  error: { name: string; code?: string; message: string };
  record: {
    eventID?: string;
    eventSourceARN?: string;
    sequenceNumber?: string;
    approximateCreationDateTime?: number;
    /** The messages-table key of the item, to read or replay it. */
    keys?: Record<string, unknown>;
  };
}

export interface DispatchFailureSink {
  /** Stores the description durably; throws when it could not (the record must then be retried). */
  setAside(failure: DispatchFailure): Promise<void>;
}

/** True for errors that retrying the same record can never fix. */
export function isUndeliverable(error: unknown): boolean {
  if (error instanceof InvalidStreamRecordError) return true;
  return error instanceof EnqueueFailedError && error.permanent;
}

export function describeDispatchFailure(
  record: DynamoDBRecord,
  error: Error,
  now: Date = new Date(),
): DispatchFailure {
  const code = (error as { code?: unknown }).code;
  const stream = record.dynamodb;
  const described: DispatchFailure['record'] = {};
  if (record.eventID !== undefined) described.eventID = record.eventID;
  if (record.eventSourceARN !== undefined) described.eventSourceARN = record.eventSourceARN;
  if (stream?.SequenceNumber !== undefined) described.sequenceNumber = stream.SequenceNumber;
  if (stream?.ApproximateCreationDateTime !== undefined) {
    described.approximateCreationDateTime = stream.ApproximateCreationDateTime;
  }
  if (stream?.Keys !== undefined) described.keys = stream.Keys;
  return {
    version: '1.0',
    timestamp: now.toISOString(),
    condition: 'UndeliverableRecord',
    error: {
      name: error.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: error.message,
    },
    record: described,
  };
}

/** The dispatch-failures queue (the stream trigger's on-failure destination). */
export class SqsDispatchFailureQueue implements DispatchFailureSink {
  public constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async setAside(failure: DispatchFailure): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeQueueBody(failure),
        MessageAttributes: { condition: { DataType: 'String', StringValue: failure.condition } },
      }),
    );
  }
}
