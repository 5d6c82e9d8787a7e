import { SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { byteLength, encodeDeliveryJob, parseDeliveryJob } from '../../src/deliveryJob';
import { EnqueueFailedError } from '../../src/errors';
import { SqsDeliveryQueue, chunkForBatch } from '../../src/sqsDeliveryQueue';
import { deliveryJob } from './support/fakes';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dev';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dlq-dev';
const sqsMock = mockClient(SQSClient);

function queue(sleeps: number[] = []) {
  return new SqsDeliveryQueue(new SQSClient({ region: 'us-east-1' }), {
    queueUrl: QUEUE_URL,
    dlqUrl: DLQ_URL,
    failedEntryRetries: 2,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

beforeEach(() => sqsMock.reset());

describe('chunkForBatch', () => {
  it('puts at most ten entries in a call', () => {
    const chunks = chunkForBatch(Array.from({ length: 23 }, (_, i) => `m${i}`));
    expect(chunks.map((chunk) => chunk.length)).toEqual([10, 10, 3]);
  });

  it('keeps every call within 1 MiB of payload', () => {
    const body = 'x'.repeat(300 * 1024);
    const chunks = chunkForBatch([body, body, body, body, body, 'small']);
    expect(chunks.map((chunk) => chunk.length)).toEqual([3, 3]);
    for (const chunk of chunks) {
      expect(chunk.reduce((sum, entry) => sum + byteLength(entry), 0)).toBeLessThanOrEqual(1024 * 1024);
    }
  });

  it('counts UTF-8 bytes, not characters', () => {
    const body = '✓'.repeat(120 * 1024); // 3 bytes each: 360 KiB
    expect(chunkForBatch([body, body, body]).map((chunk) => chunk.length)).toEqual([2, 1]);
  });

  it('refuses a single body larger than the call limit', () => {
    expect(() => chunkForBatch(['x'.repeat(1024 * 1024 + 1)])).toThrow(RangeError);
  });
});

describe('SqsDeliveryQueue', () => {
  it('sends jobs with SendMessageBatch in calls of at most ten', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const jobs = Array.from({ length: 12 }, () => deliveryJob());

    await queue().enqueue(jobs);

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 2]);
    expect(calls[0]?.args[0].input.QueueUrl).toBe(QUEUE_URL);
    const bodies = calls
      .flatMap((call) => call.args[0].input.Entries ?? [])
      .map((entry) => entry.MessageBody);
    expect(bodies.map((body) => parseDeliveryJob(body ?? ''))).toEqual(jobs);
  });

  it('retries only the entries reported in Failed, with backoff', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
        Failed: [
          { Id: '1', SenderFault: false, Code: 'InternalError' },
          { Id: '2', SenderFault: false, Code: 'ServiceUnavailable' },
        ],
      })
      .resolves({ Successful: [], Failed: [] });
    const jobs = [deliveryJob(), deliveryJob(), deliveryJob()];
    const sleeps: number[] = [];

    await queue(sleeps).enqueue(jobs);

    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries).toEqual([
      { Id: '1', MessageBody: encodeDeliveryJob(jobs[1]!) },
      { Id: '2', MessageBody: encodeDeliveryJob(jobs[2]!) },
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it('throws EnqueueFailedError when entries keep failing', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });

    const promise = queue().enqueue([deliveryJob()]);

    await expect(promise).rejects.toBeInstanceOf(EnqueueFailedError);
    await expect(promise).rejects.toMatchObject({ code: 'ENQUEUE_FAILED', failedCount: 1 });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it('does not retry entries SQS refuses as invalid, and says the failure is permanent', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: '' }],
      Failed: [
        {
          Id: '1',
          SenderFault: true,
          Code: 'InvalidMessageContents',
          Message: 'Invalid characters found.',
        },
      ],
    });
    const sleeps: number[] = [];

    const promise = queue(sleeps).enqueue([deliveryJob(), deliveryJob()]);

    await expect(promise).rejects.toMatchObject({
      code: 'ENQUEUE_FAILED',
      failedCount: 1,
      permanent: true,
      message: expect.stringContaining('InvalidMessageContents'),
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('marks failures that outlast the retries as transient', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });
    await expect(queue().enqueue([deliveryJob()])).rejects.toMatchObject({ permanent: false });
  });

  it('sends bodies of printable ASCII whatever the text', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });
    const job = deliveryJob({ payload: JSON.stringify({ type: 'message', text: '😀 你好 \uFFFE' }) });

    await queue().enqueue([job]);
    await queue().requeue(job, 1);
    await queue().deadLetter(job, 'MAX_ATTEMPTS_EXCEEDED');

    const bodies = [
      ...sqsMock.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []),
      ...sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input),
    ].map((entry) => entry.MessageBody ?? '');
    expect(bodies).toHaveLength(3);
    for (const body of bodies) {
      expect(body).toMatch(/^[\u0020-\u007e]+$/);
      expect(parseDeliveryJob(body).payload).toBe(job.payload);
    }
  });

  it('lets an error of the whole call propagate', async () => {
    sqsMock.on(SendMessageBatchCommand).rejects(new Error('socket hang up'));
    await expect(queue().enqueue([deliveryJob()])).rejects.toThrow('socket hang up');
  });

  it('re-enqueues one job with a delay', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });
    const job = deliveryJob({ attempt: 2, connectionIds: ['late='] });

    await queue().requeue(job, 4);

    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: encodeDeliveryJob(job),
      DelaySeconds: 4,
    });
  });

  it('dead-letters a job to the DLQ with a reason attribute and a fresh attempt for redrive', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });
    const job = deliveryJob({ attempt: 6 });

    await queue().deadLetter(job, 'MAX_ATTEMPTS_EXCEEDED');

    const input = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(DLQ_URL);
    expect(parseDeliveryJob(input?.MessageBody ?? '')).toEqual({ ...job, attempt: 1 });
    expect(input?.MessageAttributes).toEqual({
      reason: { DataType: 'String', StringValue: 'MAX_ATTEMPTS_EXCEEDED' },
      attempt: { DataType: 'Number', StringValue: '6' },
    });
  });

  it('parks an unreadable body in the DLQ unchanged, with the reason and the problem', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });

    await queue().deadLetterUnreadable('{"roomId": ', 'not JSON: Unexpected end of JSON input');

    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: DLQ_URL,
      MessageBody: '{"roomId": ',
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: 'UNREADABLE_JOB' },
        problem: { DataType: 'String', StringValue: 'not JSON: Unexpected end of JSON input' },
      },
    });
  });

  it('keeps the problem attribute short and never empty', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });
    await queue().deadLetterUnreadable('x', 'p'.repeat(5_000));
    await queue().deadLetterUnreadable('y', '');
    const problems = sqsMock
      .commandCalls(SendMessageCommand)
      .map((call) => call.args[0].input.MessageAttributes?.['problem']?.StringValue);
    expect(problems).toEqual(['p'.repeat(1_000), 'unreadable']);
  });
});
