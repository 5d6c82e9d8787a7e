import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeliveryWorkerDeps } from '../../src/deliveryWorker';
import type { ConnectionDirectory } from '../../src/connectionDirectory';
import { DynamoConnectionDirectory } from '../../src/dynamoConnectionDirectory';
import {
  FakeDirectory,
  FakeGateway,
  RecordingMetrics,
  RecordingQueue,
  deliveryJob,
  sdkError,
  silentLog,
  testDeliveryWorker,
} from './support/fakes';

function setup(gateway: FakeGateway, overrides: Partial<DeliveryWorkerDeps> = {}) {
  const directory = new FakeDirectory(4);
  const queue = new RecordingQueue();
  const metrics = new RecordingMetrics();
  const sleeps: number[] = [];
  const worker = testDeliveryWorker(
    { gateway, directory, queue, metrics },
    {
      postTries: 3,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    },
  );
  return { worker, directory, queue, metrics, sleeps };
}

const throttled = () => sdkError('LimitExceededException', 429);

describe('DeliveryWorker deadline', () => {
  it('starts no post after the deadline and re-enqueues the connections not reached, same attempt, due at once', async () => {
    let clock = 1_000;
    // Each post takes 10 ms of the invocation's time.
    const gateway = new FakeGateway(() => {
      clock += 10;
      return undefined;
    });
    const { worker, queue, metrics } = setup(gateway, { inFlight: 1, now: () => clock });
    const job = deliveryJob({ attempt: 2, connectionIds: ['a=', 'b=', 'c=', 'd=', 'e='] });

    const report = await worker.deliver(job, silentLog, 1_025);

    expect(gateway.posts.map((post) => post.connectionId)).toEqual(['a=', 'b=', 'c=']);
    expect(report).toMatchObject({ delivered: 3, unfinished: 2, requeued: 0 });
    expect(queue.requeued).toEqual([{ job: { ...job, connectionIds: ['d=', 'e='] }, delaySeconds: 0 }]);
    expect(metrics.get('DeliveryUnfinished')).toBe(2);
  });

  it('counts a connection whose retries the deadline cut short as still failing (next attempt)', async () => {
    let clock = 0;
    const gateway = new FakeGateway((connectionId, call) => {
      clock += 10;
      return connectionId === 'slow=' && call === 1 ? throttled() : undefined;
    });
    const { worker, queue } = setup(gateway, { inFlight: 1, now: () => clock });
    const job = deliveryJob({ attempt: 1, connectionIds: ['slow='] });

    const report = await worker.deliver(job, silentLog, 5);

    expect(gateway.callsTo('slow=')).toBe(1);
    expect(report).toMatchObject({ delivered: 0, unfinished: 0, requeued: 1 });
    expect(queue.requeued[0]?.job).toMatchObject({ connectionIds: ['slow='], attempt: 2 });
  });

  it('with no deadline posts to everyone', async () => {
    const gateway = new FakeGateway();
    const { worker } = setup(gateway, { now: () => Number.MAX_SAFE_INTEGER - 1 });
    const report = await worker.deliver(deliveryJob({ connectionIds: ['a=', 'b='] }), silentLog);
    expect(report).toMatchObject({ delivered: 2, unfinished: 0 });
  });
});

describe('DeliveryWorker', () => {
  it('posts the payload verbatim to every connection of the job', async () => {
    const gateway = new FakeGateway();
    const { worker, queue, metrics } = setup(gateway);
    const job = deliveryJob({
      connectionIds: ['a=', 'b=', 'c='],
      payload: '{"type":"message","text":"ünï"}',
    });

    const report = await worker.deliver(job, silentLog);

    expect(gateway.posts.map((post) => post.connectionId).sort()).toEqual(['a=', 'b=', 'c=']);
    expect(gateway.posts.every((post) => post.data === job.payload)).toBe(true);
    expect(report).toEqual({
      delivered: 3,
      gone: 0,
      rejected: 0,
      requeued: 0,
      deadLettered: 0,
      unfinished: 0,
    });
    expect(metrics.get('Deliveries')).toBe(3);
    expect(metrics.latencies).toHaveLength(3);
    expect(queue.requeued).toHaveLength(0);
  });

  it('never has more than DELIVERY_IN_FLIGHT posts pending', async () => {
    const gateway = new FakeGateway();
    const { worker } = setup(gateway, { inFlight: 5 });
    const connectionIds = Array.from({ length: 40 }, (_, i) => `c${i}=`);

    await worker.deliver(deliveryJob({ connectionIds }), silentLog);

    expect(gateway.posts).toHaveLength(40);
    expect(gateway.maxInFlight).toBe(5);
  });

  it('shares the in-flight bound across jobs delivered concurrently (a batch of SQS records)', async () => {
    const gateway = new FakeGateway();
    const { worker } = setup(gateway, { inFlight: 6 });
    const jobs = Array.from({ length: 10 }, (_, job) =>
      deliveryJob({ connectionIds: Array.from({ length: 12 }, (_, i) => `j${job}c${i}=`) }),
    );

    await Promise.all(jobs.map((job) => worker.deliver(job, silentLog)));

    expect(gateway.posts).toHaveLength(120);
    expect(gateway.maxInFlight).toBe(6);
  });

  it('on 410 deletes the gone connection and does not retry it', async () => {
    const gateway = new FakeGateway((id) => (id === 'gone=' ? sdkError('GoneException', 410) : undefined));
    const { worker, directory, metrics, queue } = setup(gateway);

    const report = await worker.deliver(deliveryJob({ connectionIds: ['ok=', 'gone='] }), silentLog);

    expect(directory.deleted).toEqual(['gone=']);
    expect(gateway.callsTo('gone=')).toBe(1);
    expect(report).toMatchObject({ delivered: 1, gone: 1, requeued: 0 });
    expect(metrics.get('DeliveryGone')).toBe(1);
    expect(queue.requeued).toHaveLength(0);
  });

  it('recognises 410 by status code alone (an error the SDK could not name)', async () => {
    const gateway = new FakeGateway(() => sdkError('ApiGatewayManagementApiServiceException', 410));
    const { worker, directory } = setup(gateway);
    await worker.deliver(deliveryJob({ connectionIds: ['x='] }), silentLog);
    expect(directory.deleted).toEqual(['x=']);
  });

  it('settles a gone connection even when deleting its rows fails', async () => {
    const gateway = new FakeGateway(() => sdkError('GoneException', 410));
    const directory: ConnectionDirectory = {
      shards: 1,
      roomShardPages: new FakeDirectory(1).roomShardPages,
      deleteConnection: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };
    const { worker, queue } = setup(gateway, { directory });
    await expect(worker.deliver(deliveryJob({ connectionIds: ['x='] }), silentLog)).resolves.toMatchObject({
      gone: 1,
    });
    expect(queue.requeued).toHaveLength(0);
  });

  it.each([
    ['ForbiddenException', 403],
    ['PayloadTooLargeException', 413],
    ['BadRequestException', 400],
  ])('drops a connection answered with %s (%i) without retrying', async (name, status) => {
    const gateway = new FakeGateway((id) => (id === 'bad=' ? sdkError(name, status) : undefined));
    const { worker, queue, directory, metrics } = setup(gateway);

    const report = await worker.deliver(deliveryJob({ connectionIds: ['bad=', 'ok='] }), silentLog);

    expect(gateway.callsTo('bad=')).toBe(1);
    expect(report).toMatchObject({ delivered: 1, rejected: 1, requeued: 0 });
    expect(directory.deleted).toEqual([]);
    expect(queue.requeued).toHaveLength(0);
    expect(metrics.get('DeliveryRejected')).toBe(1);
  });

  it('retries a throttled post in-process with backoff and succeeds', async () => {
    const gateway = new FakeGateway((id, call) => (id === 'slow=' && call < 3 ? throttled() : undefined));
    const { worker, queue, metrics, sleeps } = setup(gateway);

    const report = await worker.deliver(deliveryJob({ connectionIds: ['slow=', 'fast='] }), silentLog);

    expect(gateway.callsTo('slow=')).toBe(3);
    expect(gateway.callsTo('fast=')).toBe(1);
    expect(report).toMatchObject({ delivered: 2, requeued: 0 });
    expect(metrics.get('DeliveryThrottled')).toBe(2);
    // Full jitter with random() = 0.5 over ceilings of 100 ms and 200 ms.
    expect(sleeps).toEqual([50, 100]);
    expect(queue.requeued).toHaveLength(0);
  });

  it.each([
    ['a 5xx', () => sdkError('InternalServerErrorException', 500)],
    ['a network error', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('treats %s as retryable', async (_label, failure) => {
    const gateway = new FakeGateway((_id, call) => (call === 1 ? failure() : undefined));
    const { worker } = setup(gateway);
    await expect(worker.deliver(deliveryJob({ connectionIds: ['x='] }), silentLog)).resolves.toMatchObject({
      delivered: 1,
    });
    expect(gateway.callsTo('x=')).toBe(2);
  });

  it('re-enqueues only the connections still throttled, in a new job with attempt+1 and a delay', async () => {
    const stuck = new Set(['s1=', 's2=']);
    const gateway = new FakeGateway((id) => (stuck.has(id) ? throttled() : undefined));
    const { worker, queue, metrics } = setup(gateway);
    const job = deliveryJob({ attempt: 2, connectionIds: ['ok1=', 's1=', 'ok2=', 's2='] });

    const report = await worker.deliver(job, silentLog);

    expect(gateway.callsTo('s1=')).toBe(3);
    expect(queue.requeued).toHaveLength(1);
    const requeued = queue.requeued[0]!;
    expect(requeued.job).toEqual({ ...job, connectionIds: expect.any(Array), attempt: 3 });
    expect([...requeued.job.connectionIds].sort()).toEqual(['s1=', 's2=']);
    expect(requeued.job.connectionIds).not.toContain('ok1=');
    expect(requeued.delaySeconds).toBeGreaterThanOrEqual(1);
    expect(report).toMatchObject({ delivered: 2, requeued: 2 });
    expect(metrics.get('DeliveryRequeued')).toBe(2);
  });

  it('dead-letters the still-failing connections instead of exceeding DELIVERY_MAX_ATTEMPTS', async () => {
    const gateway = new FakeGateway((id) => (id === 'stuck=' ? throttled() : undefined));
    const { worker, queue, metrics } = setup(gateway, { maxAttempts: 3 });
    const job = deliveryJob({ attempt: 3, connectionIds: ['ok=', 'stuck='] });

    const report = await worker.deliver(job, silentLog);

    expect(queue.requeued).toHaveLength(0);
    expect(queue.deadLettered).toEqual([
      { job: { ...job, connectionIds: ['stuck='], attempt: 4 }, reason: 'MAX_ATTEMPTS_EXCEEDED' },
    ]);
    expect(report).toMatchObject({ delivered: 1, deadLettered: 1 });
    expect(metrics.get('DeliveryDeadLettered')).toBe(1);
  });

  it('dead-letters a job that arrives beyond the max attempts without posting', async () => {
    const gateway = new FakeGateway();
    const { worker, queue } = setup(gateway, { maxAttempts: 2 });
    const job = deliveryJob({ attempt: 3 });

    await worker.deliver(job, silentLog);

    expect(gateway.posts).toHaveLength(0);
    expect(queue.deadLettered).toEqual([{ job, reason: 'MAX_ATTEMPTS_EXCEEDED' }]);
  });

  it('fails (so SQS redelivers the job) when the re-enqueue itself fails', async () => {
    const gateway = new FakeGateway(() => throttled());
    const { worker, queue } = setup(gateway);
    queue.failRequeue = new Error('SQS unavailable');
    await expect(worker.deliver(deliveryJob({ connectionIds: ['x='] }), silentLog)).rejects.toThrow(
      'SQS unavailable',
    );
  });
});

describe('DeliveryWorker with the DynamoDB directory (410 cleanup)', () => {
  const ddbMock = mockClient(DynamoDBDocumentClient);
  const TABLE = 'chorus-connections-test';
  beforeEach(() => ddbMock.reset());

  it("removes the RECIPIENT's rows on 410, never the sender's", async () => {
    const sender = 'SENDERconnAAA=';
    const recipient = 'RECIPIENTbbbB=';
    // Whatever connection is asked about has a META row and one membership.
    ddbMock.on(DeleteCommand).resolves({});
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby', shard: 1 }] });
    ddbMock.on(BatchWriteCommand).resolves({});
    const directory = new DynamoConnectionDirectory(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      { tableName: TABLE, shards: 4 },
    );
    const gateway = new FakeGateway((id) => (id === recipient ? sdkError('GoneException', 410) : undefined));
    const { worker } = setup(gateway, { directory });

    await worker.deliver(deliveryJob({ roomId: 'lobby', connectionIds: [sender, recipient] }), silentLog);

    const queried = ddbMock
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues);
    expect(queried).toEqual([{ ':pk': `CONN#${recipient}` }]);
    const deletedKeys = ddbMock
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[TABLE] ?? [])
      .map((request) => request.DeleteRequest?.Key);
    expect(ddbMock.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: `CONN#${recipient}`, sk: 'META' },
    ]);
    expect(deletedKeys).toEqual([
      { pk: `CONN#${recipient}`, sk: 'ROOM#lobby' },
      { pk: 'ROOM#lobby#1', sk: `CONN#${recipient}` },
    ]);
    expect(JSON.stringify(deletedKeys)).not.toContain(sender);
  });
});
