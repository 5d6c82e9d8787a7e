import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import {
  SqsDispatchFailureQueue,
  describeDispatchFailure,
  isUndeliverable,
} from '../../src/dispatchFailures';
import { EnqueueFailedError, InvalidDeliveryJobError, InvalidStreamRecordError } from '../../src/errors';
import { chatMessage, streamRecord } from './support/fakes';

const FAILURES_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-dispatch-failures-dev';
const sqsMock = mockClient(SQSClient);

beforeEach(() => sqsMock.reset());

describe('isUndeliverable', () => {
  it('holds for records that retrying can never fix', () => {
    expect(isUndeliverable(new InvalidStreamRecordError('bad image'))).toBe(true);
    expect(isUndeliverable(new EnqueueFailedError('invalid contents', 1, true))).toBe(true);
  });

  it('does not hold for transient or unknown failures', () => {
    expect(isUndeliverable(new EnqueueFailedError('still throttled', 3))).toBe(false);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(isUndeliverable(throttled)).toBe(false);
    expect(isUndeliverable(new Error('socket hang up'))).toBe(false);
    expect(isUndeliverable(new InvalidDeliveryJobError('not a stream-side error'))).toBe(false);
    expect(isUndeliverable('a string')).toBe(false);
  });
});

describe('describeDispatchFailure', () => {
  it('keeps what finds the message again and why, never its text', () => {
    const message = chatMessage({ text: 'secret words' });
    const record = streamRecord(message);
    const failure = describeDispatchFailure(
      record,
      new InvalidStreamRecordError('sentAt: expected string'),
      new Date('2026-11-28T10:00:00.000Z'),
    );

    expect(failure).toEqual({
      version: '1.0',
      timestamp: '2026-11-28T10:00:00.000Z',
      condition: 'UndeliverableRecord',
      error: {
        name: 'InvalidStreamRecordError',
        code: 'INVALID_STREAM_RECORD',
        message: 'sentAt: expected string',
      },
      record: {
        eventID: record.eventID,
        eventSourceARN: record.eventSourceARN,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        approximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime,
        keys: record.dynamodb?.Keys,
      },
    });
    expect(JSON.stringify(failure)).not.toContain('secret words');
  });
});

describe('SqsDispatchFailureQueue', () => {
  it('sends the description to the dispatch-failures queue as printable ASCII', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'f1' });
    const failure = describeDispatchFailure(
      streamRecord(chatMessage({ roomId: 'lobby' })),
      new EnqueueFailedError('SQS refused 1 delivery job(s) as invalid: “😀”', 1, true),
    );

    await new SqsDispatchFailureQueue(new SQSClient({ region: 'us-east-1' }), FAILURES_URL).setAside(failure);

    const input = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(FAILURES_URL);
    expect(input?.MessageAttributes).toEqual({
      condition: { DataType: 'String', StringValue: 'UndeliverableRecord' },
    });
    expect(input?.MessageBody).toMatch(/^[\u0020-\u007e]+$/);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual(failure);
  });

  it('throws when SQS does not take it, so the record is retried instead of dropped', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('throttled'));
    const failure = describeDispatchFailure(streamRecord(), new InvalidStreamRecordError('x'));
    await expect(
      new SqsDispatchFailureQueue(new SQSClient({ region: 'us-east-1' }), FAILURES_URL).setAside(failure),
    ).rejects.toThrow('throttled');
  });
});
