// The DynamoDB Streams poller against a real DynamoDB Local (and fauxqs for the on-failure
// destination), with a fake in-memory invoker.
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import type { StreamEventSource } from '../../../src/pollers/eventSources';
import { StreamPoller, type StreamPollerOptions } from '../../../src/pollers/streamPoller';
import {
  LOCAL_CREDENTIALS,
  REGION,
  startDynamoDbLocal,
  startFauxqs,
  type RunningEmulator,
} from './support/emulators';
import { FakeInvoker, HandlerFailure, waitFor } from './support/fakeInvoker';

jest.setTimeout(90_000);

let dynamoLocal: RunningEmulator;
let fauxqs: RunningEmulator;
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;
let sqs: SQSClient;
const pollers: StreamPoller[] = [];
const logs: string[] = [];

beforeAll(async () => {
  [dynamoLocal, fauxqs] = await Promise.all([startDynamoDbLocal(), startFauxqs()]);
  const config = { region: REGION, credentials: LOCAL_CREDENTIALS };
  dynamodb = new DynamoDBClient({ ...config, endpoint: dynamoLocal.endpoint });
  streams = new DynamoDBStreamsClient({ ...config, endpoint: dynamoLocal.endpoint });
  sqs = new SQSClient({ ...config, endpoint: fauxqs.endpoint });
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  for (const client of [dynamodb, streams, sqs]) client?.destroy();
  await Promise.all([dynamoLocal?.stop(), fauxqs?.stop()]);
});

async function createTable(): Promise<{ tableName: string; streamArn: string }> {
  const tableName = `messages-${randomUUID().slice(0, 8)}`;
  const created = await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return { tableName, streamArn: created.TableDescription?.LatestStreamArn as string };
}

async function put(tableName: string, sk: string, kind = 'message'): Promise<void> {
  await dynamodb.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: 'room#1' },
        sk: { S: sk },
        kind: { S: kind },
        n: { N: '7' },
        raw: { B: Buffer.from('hi') },
      },
    }),
  );
}

function startPoller(
  table: { tableName: string; streamArn: string },
  invoker: FakeInvoker,
  overrides: Partial<StreamEventSource> = {},
  pollerOptions: Partial<StreamPollerOptions> = {},
): Promise<void> {
  const poller = new StreamPoller({
    functionName: 'chorus-fanout-test-dispatch',
    source: {
      tableName: table.tableName,
      streamArn: table.streamArn,
      batchSize: 10,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: false,
      parallelizationFactor: 1,
      maximumBatchingWindowSeconds: 0,
      reportBatchItemFailures: true,
      filterPatterns: [],
      ...overrides,
    },
    invoker,
    streams,
    sqs,
    region: REGION,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 100,
    log: (line) => logs.push(line),
    ...pollerOptions,
  });
  pollers.push(poller);
  return poller.start();
}

const sortKeys = (records: Array<Record<string, unknown>>) =>
  records.map((record) => (record['dynamodb'] as { Keys: { sk: { S: string } } }).Keys.sk.S);
const sequenceOf = (record: Record<string, unknown> | undefined) =>
  (record?.['dynamodb'] as { SequenceNumber: string }).SequenceNumber;

describe('StreamPoller', () => {
  it('reads the shard again at once when nudged, instead of at its next poll', async () => {
    const table = await createTable();
    const invoker = new FakeInvoker();
    // A poll interval far beyond waitFor's deadline: only the nudge can bring the record in time.
    await startPoller(table, invoker, { startingPosition: 'LATEST' }, { pollIntervalMs: 120_000 });
    const poller = pollers[pollers.length - 1] as StreamPoller;
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the first (empty) read happen
    await put(table.tableName, 'nudged');
    poller.nudge();
    await waitFor(() => invoker.calls.length === 1, 'the nudged record');
    expect(sortKeys(invoker.calls[0]?.records ?? [])).toEqual(['nudged']);
  });

  it('delivers matching records as Lambda DynamoDBRecords, from LATEST, in batches', async () => {
    const table = await createTable();
    await put(table.tableName, 'before-start');
    const invoker = new FakeInvoker();
    await startPoller(table, invoker, {
      startingPosition: 'LATEST',
      maximumBatchingWindowSeconds: 1,
      batchSize: 2,
      filterPatterns: [{ dynamodb: { NewImage: { kind: { S: ['message'] } } } }],
    });
    for (const [sk, kind] of [
      ['m1', 'message'],
      ['p1', 'presence'],
      ['m2', 'message'],
      ['m3', 'message'],
    ]) {
      await put(table.tableName, sk as string, kind);
    }

    await waitFor(() => invoker.calls.flatMap((call) => call.records).length >= 3, 'three message records');
    const records = invoker.calls.flatMap((call) => call.records);
    expect(sortKeys(records)).toEqual(['m1', 'm2', 'm3']);
    expect(invoker.calls.every((call) => call.records.length <= 2)).toBe(true);
    const first = records[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: REGION,
      eventSourceARN: table.streamArn,
      dynamodb: {
        Keys: { pk: { S: 'room#1' }, sk: { S: 'm1' } },
        NewImage: { kind: { S: 'message' }, n: { N: '7' }, raw: { B: Buffer.from('hi').toString('base64') } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
    const created = (first['dynamodb'] as { ApproximateCreationDateTime: unknown })
      .ApproximateCreationDateTime;
    expect(Number.isInteger(created)).toBe(true);
    expect(Math.abs((created as number) - Date.now() / 1000)).toBeLessThan(600);
  });

  it('retries a partially failed batch from the lowest reported sequence number', async () => {
    const table = await createTable();
    for (const sk of ['a', 'b', 'c', 'd']) await put(table.tableName, sk);
    const invoker = new FakeInvoker();
    invoker.behaviour = (event, call) =>
      call === 1
        ? {
            batchItemFailures: [
              { itemIdentifier: sequenceOf(event.Records[3]) },
              { itemIdentifier: sequenceOf(event.Records[1]) },
            ],
          }
        : null;
    await startPoller(table, invoker);

    await waitFor(() => invoker.calls.length >= 2, 'the retry');
    expect(invoker.calls.map((call) => sortKeys(call.records))).toEqual([
      ['a', 'b', 'c', 'd'],
      ['b', 'c', 'd'],
    ]);
  });

  it('bisects a failing batch, then sends the poison record to the on-failure queue and moves on', async () => {
    const table = await createTable();
    const onFailure = await sqs.send(
      new CreateQueueCommand({ QueueName: `dispatch-failures-${randomUUID().slice(0, 8)}` }),
    );
    const queueUrl = onFailure.QueueUrl as string;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    for (const sk of ['a', 'b', 'poison', 'd']) await put(table.tableName, sk);
    await put(table.tableName, 'after');
    const invoker = new FakeInvoker();
    invoker.behaviour = (event) => {
      if (sortKeys(event.Records).includes('poison')) throw new HandlerFailure('cannot handle poison');
      return null;
    };
    await startPoller(table, invoker, {
      batchSize: 4,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 1,
      reportBatchItemFailures: false,
      onFailureArn: Attributes?.['QueueArn'] as string,
    });

    await waitFor(
      () => invoker.calls.some((call) => sortKeys(call.records).includes('after')),
      'the shard to move on',
    );
    expect(invoker.calls.map((call) => sortKeys(call.records))).toEqual([
      ['a', 'b', 'poison', 'd'],
      ['a', 'b'],
      ['poison', 'd'],
      ['poison'],
      ['poison'],
      ['d'],
      ['after'],
    ]);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
    expect(received.Messages).toHaveLength(1);
    const failureRecord = JSON.parse(received.Messages?.[0]?.Body ?? '{}') as Record<string, unknown>;
    const poisonSequence = sequenceOf(invoker.calls[3]?.records[0]);
    expect(failureRecord).toMatchObject({
      version: '1.0',
      timestamp: expect.any(String),
      requestContext: {
        requestId: expect.any(String),
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:chorus-fanout-test-dispatch',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: expect.any(Number),
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: poisonSequence,
        endSequenceNumber: poisonSequence,
        approximateArrivalOfFirstRecord: expect.any(String),
        approximateArrivalOfLastRecord: expect.any(String),
        batchSize: 1,
        streamArn: table.streamArn,
      },
    });
  });

  it('keeps the order of one item across ParallelizationFactor lanes', async () => {
    const table = await createTable();
    const invoker = new FakeInvoker();
    await startPoller(table, invoker, { parallelizationFactor: 3, batchSize: 2 });
    const writes: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const sk of ['x', 'y', 'z']) {
        await dynamodb.send(
          new PutItemCommand({
            TableName: table.tableName,
            Item: { pk: { S: 'p' }, sk: { S: sk }, round: { N: String(round) } },
          }),
        );
        writes.push(`${sk}${round}`);
      }
    }
    await waitFor(() => invoker.calls.flatMap((call) => call.records).length >= 9, 'nine records');
    const seen = invoker.calls
      .flatMap((call) => call.records)
      .map((record) => {
        const image = (record['dynamodb'] as { NewImage: { sk: { S: string }; round: { N: string } } })
          .NewImage;
        return `${image.sk.S}${image.round.N}`;
      });
    expect([...seen].sort()).toEqual([...writes].sort());
    for (const sk of ['x', 'y', 'z']) {
      expect(seen.filter((id) => id.startsWith(sk))).toEqual([`${sk}0`, `${sk}1`, `${sk}2`]);
    }
  });
});
