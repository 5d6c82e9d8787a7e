// The SQS poller against a real fauxqs (child process) with a fake in-memory invoker.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import type { SqsEventSource } from '../../../src/pollers/eventSources';
import { SqsPoller, type SqsPollerOptions } from '../../../src/pollers/sqsPoller';
import { FakeInvoker, HandlerFailure, waitFor } from './support/fakeInvoker';
import { LOCAL_CREDENTIALS, REGION, startFauxqs, type RunningEmulator } from './support/emulators';

jest.setTimeout(60_000);

let fauxqs: RunningEmulator;
let sqs: SQSClient;
const pollers: SqsPoller[] = [];
const logs: string[] = [];

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = new SQSClient({ endpoint: fauxqs.endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await fauxqs?.stop();
});

interface Queue {
  name: string;
  url: string;
  arn: string;
}

async function createQueue(
  attributes: Record<string, string> = {},
  name = `q-${randomUUID().slice(0, 8)}`,
): Promise<Queue> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl as string;
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { name, url, arn: attrs.Attributes?.['QueueArn'] as string };
}

async function send(queue: Queue, bodies: string[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: bodies.slice(start, start + 10).map((body, i) => ({
          Id: String(i),
          MessageBody: body,
          MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
        })),
      }),
    );
  }
}

async function messagesLeft(queue: Queue): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.['ApproximateNumberOfMessages']) +
    Number(Attributes?.['ApproximateNumberOfMessagesNotVisible'])
  );
}

function source(queue: Queue, overrides: Partial<SqsEventSource> = {}): SqsEventSource {
  return {
    queueArn: queue.arn,
    queueName: queue.name,
    batchSize: 10,
    maximumBatchingWindowSeconds: 1,
    reportBatchItemFailures: true,
    filterPatterns: [],
    ...overrides,
  };
}

function startPoller(
  queue: Queue,
  invoker: FakeInvoker,
  overrides: Partial<SqsEventSource> = {},
  pollerOptions: Partial<SqsPollerOptions> = {},
): SqsPoller {
  const poller = new SqsPoller({
    functionName: 'chorus-fanout-test-deliver',
    source: source(queue, overrides),
    invoker,
    sqs,
    region: REGION,
    waitTimeSeconds: 1,
    log: (line) => logs.push(line),
    ...pollerOptions,
  });
  pollers.push(poller);
  void poller.start();
  return poller;
}

const bodiesOf = (invoker: FakeInvoker) =>
  invoker.calls.flatMap((call) => call.records.map((r) => r['body']));

describe('SqsPoller', () => {
  it('hands a batch over without waiting for the window when told not to honour it (fast cadence)', async () => {
    const queue = await createQueue();
    const invoker = new FakeInvoker();
    // A 20 s window would hold this lone message well past waitFor's deadline if it were honoured.
    startPoller(queue, invoker, { maximumBatchingWindowSeconds: 20 }, { honourBatchingWindow: false });
    await send(queue, ['alone']);
    await waitFor(() => bodiesOf(invoker).length === 1, 'the lone message');
    expect(invoker.calls[0]?.records.map((r) => r['body'])).toEqual(['alone']);
  });

  it('delivers a batch of Lambda-shaped SQS records and deletes them on success', async () => {
    const queue = await createQueue();
    await send(queue, ['a', 'b', 'c']);
    const invoker = new FakeInvoker();
    startPoller(queue, invoker);

    await waitFor(() => bodiesOf(invoker).length === 3, 'three delivered messages');
    expect(bodiesOf(invoker).sort()).toEqual(['a', 'b', 'c']);
    const record = invoker.calls[0]?.records[0] as Record<string, unknown>;
    expect(record).toMatchObject({
      messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      receiptHandle: expect.any(String),
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
      messageAttributes: {
        origin: { dataType: 'String', stringValue: 'test', stringListValues: [], binaryListValues: [] },
      },
    });
    const attributes = record['attributes'] as Record<string, unknown>;
    expect(attributes).toMatchObject({
      ApproximateReceiveCount: '1',
      SentTimestamp: expect.stringMatching(/^\d{13}$/),
      ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      SenderId: expect.any(String),
    });
    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the batch to be deleted');
  });

  it('deletes messages that match no filter without invoking', async () => {
    const queue = await createQueue();
    await send(queue, [
      JSON.stringify({ type: 'chat', n: 1 }),
      JSON.stringify({ type: 'noise' }),
      'not json',
    ]);
    const invoker = new FakeInvoker();
    startPoller(queue, invoker, { filterPatterns: [{ body: { type: ['chat'] } }] });

    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the queue to drain');
    expect(bodiesOf(invoker)).toEqual([JSON.stringify({ type: 'chat', n: 1 })]);
  });

  it('on a partial batch failure only the failed message reappears, with ApproximateReceiveCount 2', async () => {
    const queue = await createQueue({ VisibilityTimeout: '1' });
    await send(queue, ['ok-1', 'fail-once', 'ok-2']);
    const invoker = new FakeInvoker();
    invoker.behaviour = (event, call) => ({
      batchItemFailures:
        call === 1
          ? event.Records.filter((r) => r['body'] === 'fail-once').map((r) => ({
              itemIdentifier: r['messageId'],
            }))
          : [],
    });
    startPoller(queue, invoker, { maximumBatchingWindowSeconds: 0 });

    await waitFor(() => invoker.calls.length >= 2, 'the failed message to come back');
    expect(invoker.calls[0]?.records.map((r) => r['body']).sort()).toEqual(['fail-once', 'ok-1', 'ok-2']);
    const retried = invoker.calls[1]?.records ?? [];
    expect(retried.map((r) => r['body'])).toEqual(['fail-once']);
    expect((retried[0]?.['attributes'] as Record<string, string>)['ApproximateReceiveCount']).toBe('2');
    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the queue to drain');
    expect(invoker.calls).toHaveLength(2);
  });

  it('treats an item identifier that is not in the batch as a whole-batch failure', async () => {
    const queue = await createQueue({ VisibilityTimeout: '1' });
    await send(queue, ['x', 'y']);
    const invoker = new FakeInvoker();
    invoker.behaviour = (_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] } : null;
    startPoller(queue, invoker, { maximumBatchingWindowSeconds: 0 });

    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the queue to drain');
    expect(bodiesOf(invoker).sort()).toEqual(['x', 'x', 'y', 'y']);
  });

  it('never runs more than maximumConcurrency invocations at once', async () => {
    const queue = await createQueue();
    await send(
      queue,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );
    const invoker = new FakeInvoker();
    invoker.delayMs = 200;
    const poller = startPoller(queue, invoker, {
      batchSize: 1,
      maximumBatchingWindowSeconds: 0,
      maximumConcurrency: 2,
    });

    await waitFor(() => bodiesOf(invoker).length === 12, 'all twelve messages');
    expect(poller.maximumConcurrency).toBe(2);
    expect(invoker.maxActive).toBe(2);
    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the queue to drain');
  });

  it('receives up to ten at once for the free slots and invokes each batch of batchSize on its own', async () => {
    const queue = await createQueue();
    await send(
      queue,
      Array.from({ length: 10 }, (_, i) => `j${i}`),
    );
    const receives = { count: 0 };
    const counting = new SQSClient({
      endpoint: fauxqs.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    counting.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'ReceiveMessageCommand') receives.count += 1;
        return next(args);
      },
      { step: 'initialize' },
    );
    const invoker = new FakeInvoker();
    invoker.delayMs = 100;
    startPoller(
      queue,
      invoker,
      { batchSize: 1, maximumBatchingWindowSeconds: 0, maximumConcurrency: 8 },
      { sqs: counting },
    );

    await waitFor(() => bodiesOf(invoker).length === 10, 'all ten messages');
    await waitFor(async () => (await messagesLeft(queue)) === 0, 'the queue to drain');
    expect(invoker.calls.every((call) => call.records.length === 1)).toBe(true);
    expect(invoker.maxActive).toBeLessThanOrEqual(8);
    // Eight slots free: one receive of eight, then the two left once slots free again (a few
    // more empty long-polls may follow while the test waits).
    expect(receives.count).toBeLessThan(10);
    counting.destroy();
  });

  it("leaves failing messages to the queue's RedrivePolicy, which moves them to the DLQ", async () => {
    const dlq = await createQueue();
    const queue = await createQueue({
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await send(queue, ['poison']);
    const invoker = new FakeInvoker();
    invoker.behaviour = () => {
      throw new HandlerFailure('always fails');
    };
    startPoller(queue, invoker, { maximumBatchingWindowSeconds: 0 });

    await waitFor(async () => (await messagesLeft(dlq)) === 1, 'the message to reach the DLQ', 20_000);
    expect(invoker.calls).toHaveLength(2);
    expect(await messagesLeft(queue)).toBe(0);
    const moved = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MessageSystemAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    expect(moved.Messages?.[0]?.Body).toBe('poison');
  });

  it('stop() waits for the invocation in flight', async () => {
    const queue = await createQueue();
    await send(queue, ['slow']);
    const invoker = new FakeInvoker();
    invoker.delayMs = 500;
    const poller = startPoller(queue, invoker);
    await waitFor(() => invoker.active === 1, 'the invocation to start');
    await poller.stop();
    expect(invoker.active).toBe(0);
    expect(poller.activeInvocations).toBe(0);
  });
});
