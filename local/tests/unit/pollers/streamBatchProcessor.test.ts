// Retry, checkpoint, bisect and discard rules for one stream batch, against a fake invoker.
import {
  processStreamBatch,
  type DiscardedBatch,
  type StreamBatchSettings,
} from '../../../src/pollers/streamBatchProcessor';
import type { LambdaDynamoDBRecord } from '../../../src/pollers/streamRecords';
import { FakeInvoker, HandlerFailure } from './support/fakeInvoker';

function record(sequence: number, createdSeconds = 1_000): LambdaDynamoDBRecord {
  return {
    eventID: `e${sequence}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x',
    dynamodb: {
      ApproximateCreationDateTime: createdSeconds,
      Keys: { pk: { S: `k${sequence}` } },
      SequenceNumber: String(1_000 + sequence),
      SizeBytes: 10,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const settings = (overrides: Partial<StreamBatchSettings> = {}): StreamBatchSettings => ({
  maximumRetryAttempts: 2,
  maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: false,
  reportBatchItemFailures: true,
  ...overrides,
});

async function run(
  records: LambdaDynamoDBRecord[],
  invoker: FakeInvoker,
  batchSettings: StreamBatchSettings,
  now = 1_000,
) {
  const discarded: DiscardedBatch[] = [];
  await processStreamBatch(records, {
    functionName: 'fn',
    invoker,
    settings: batchSettings,
    onDiscard: async (batch) => {
      discarded.push(batch);
    },
    log: () => undefined,
    signal: new AbortController().signal,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 2,
    nowSeconds: () => now,
  });
  return discarded;
}

const seqs = (records: Array<Record<string, unknown>>) =>
  records.map((r) => Number((r['dynamodb'] as { SequenceNumber: string }).SequenceNumber) - 1_000);

describe('processStreamBatch', () => {
  it('invokes once when the batch succeeds', async () => {
    const invoker = new FakeInvoker();
    expect(await run([record(1), record(2)], invoker, settings())).toEqual([]);
    expect(invoker.calls.map((call) => seqs(call.records))).toEqual([[1, 2]]);
  });

  it('retries from the lowest reported sequence number, successes after it included', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = (_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '1004' }, { itemIdentifier: '1002' }] } : null;
    await run([record(1), record(2), record(3), record(4)], invoker, settings());
    expect(invoker.calls.map((call) => seqs(call.records))).toEqual([
      [1, 2, 3, 4],
      [2, 3, 4],
    ]);
  });

  it('retries the whole batch on a thrown error, then discards it after MaximumRetryAttempts', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = () => {
      throw new HandlerFailure();
    };
    const discarded = await run([record(1), record(2)], invoker, settings({ maximumRetryAttempts: 2 }));
    expect(invoker.calls).toHaveLength(3);
    expect(discarded).toHaveLength(1);
    expect(discarded[0]).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      functionError: true,
      requestId: 'req-3',
    });
    expect(discarded[0]?.records.map((r) => r.dynamodb.SequenceNumber)).toEqual(['1001', '1002']);
  });

  it('treats an invalid item identifier as a whole-batch failure', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = (_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : null;
    await run([record(1), record(2)], invoker, settings());
    expect(invoker.calls.map((call) => seqs(call.records))).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('bisects a failing batch down to the poison record without counting splits as retries', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = (event) => {
      if (seqs(event.Records).includes(3)) throw new HandlerFailure('poison');
      return null;
    };
    const discarded = await run(
      [record(1), record(2), record(3), record(4)],
      invoker,
      settings({ maximumRetryAttempts: 0, bisectBatchOnFunctionError: true }),
    );
    expect(invoker.calls.map((call) => seqs(call.records))).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [4]]);
    expect(discarded.map((batch) => batch.records.map((r) => r.dynamodb.SequenceNumber))).toEqual([['1003']]);
  });

  it('discards records older than MaximumRecordAgeInSeconds after a failure', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = () => {
      throw new HandlerFailure();
    };
    const discarded = await run(
      [record(1, 1_000)],
      invoker,
      settings({ maximumRetryAttempts: -1, maximumRecordAgeSeconds: 60 }),
      1_000 + 61,
    );
    expect(invoker.calls).toHaveLength(1);
    expect(discarded[0]).toMatchObject({ condition: 'RecordAgeExceeded' });
  });

  it('ignores batchItemFailures when ReportBatchItemFailures is off', async () => {
    const invoker = new FakeInvoker();
    invoker.behaviour = () => ({ batchItemFailures: [{ itemIdentifier: '1001' }] });
    await run([record(1)], invoker, settings({ reportBatchItemFailures: false }));
    expect(invoker.calls).toHaveLength(1);
  });
});
