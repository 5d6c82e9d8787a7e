// Fakes and event factories shared by the unit tests. Each factory builds a fresh object per call.
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBRecord, SQSRecord } from 'aws-lambda';
import type { ConnectionDirectory, RoomShardPage } from '../../../src/connectionDirectory';
import type { ConnectionGateway } from '../../../src/connectionGateway';
import {
  encodeQueueJob,
  isExpandJob,
  type DeliveryJob,
  type ExpandJob,
  type QueueJob,
  type ShardCursor,
} from '../../../src/deliveryJob';
import type { DeadLetterReason, DeliveryQueue } from '../../../src/deliveryQueue';
import { DeliveryWorker, type DeliveryWorkerDeps } from '../../../src/deliveryWorker';
import type { ChatMessage } from '@chorus/protocol';
import type { Log } from '@chorus/lambda-kit';
import type { FanoutCounter, FanoutMetrics } from '../../../src/telemetry';

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export function silentLogger(): Logger {
  return new Logger({ serviceName: 'fanout-test', logLevel: 'SILENT' });
}

export class RecordingMetrics implements FanoutMetrics {
  public readonly counts = new Map<FanoutCounter, number>();
  public readonly latencies: number[] = [];

  public count(name: FanoutCounter, value = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }

  public deliveryLatency(ms: number): void {
    this.latencies.push(ms);
  }

  public get(name: FanoutCounter): number {
    return this.counts.get(name) ?? 0;
  }
}

/** Rooms as shard → pages of connection ids. */
export class FakeDirectory implements ConnectionDirectory {
  public readonly deleted: string[] = [];
  public readonly pagesServed: string[] = [];
  public readonly startedFrom: (ShardCursor | undefined)[] = [];

  public constructor(
    public readonly shards: number,
    private readonly rooms: Record<string, string[][][]> = {},
  ) {}

  public async *roomShardPages(
    roomId: string,
    shard: number,
    from?: ShardCursor,
  ): AsyncIterable<RoomShardPage> {
    const pages = this.rooms[roomId]?.[shard] ?? [];
    this.startedFrom.push(from);
    for (let index = from === undefined ? 0 : Number(from['page']) + 1; index < pages.length; index += 1) {
      await Promise.resolve();
      const connectionIds = pages[index] as string[];
      this.pagesServed.push(`${shard}:${connectionIds.length}`);
      yield index < pages.length - 1
        ? { connectionIds, next: { pk: `ROOM#${roomId}#${shard}`, page: String(index) } }
        : { connectionIds };
    }
  }

  public async deleteConnection(connectionId: string): Promise<number> {
    this.deleted.push(connectionId);
    return 1;
  }
}

export class RecordingQueue implements DeliveryQueue {
  public readonly enqueued: QueueJob[][] = [];
  public readonly requeued: { job: DeliveryJob; delaySeconds: number }[] = [];
  public readonly deadLettered: { job: DeliveryJob; reason: DeadLetterReason }[] = [];
  public readonly unreadable: { body: string; problem: string }[] = [];
  public failDeadLetter: Error | undefined;
  public failRequeue: Error | undefined;

  public async enqueue(jobs: readonly QueueJob[]): Promise<void> {
    this.enqueued.push([...jobs]);
  }

  public async requeue(job: DeliveryJob, delaySeconds: number): Promise<void> {
    if (this.failRequeue) throw this.failRequeue;
    this.requeued.push({ job, delaySeconds });
  }

  public async deadLetter(job: DeliveryJob, reason: DeadLetterReason): Promise<void> {
    this.deadLettered.push({ job, reason });
  }

  public async deadLetterUnreadable(body: string, problem: string): Promise<void> {
    if (this.failDeadLetter) throw this.failDeadLetter;
    this.unreadable.push({ body, problem });
  }

  /** Delivery jobs only, in enqueue order. */
  public allJobs(): DeliveryJob[] {
    return this.enqueued.flat().filter((job): job is DeliveryJob => !isExpandJob(job));
  }

  public expandJobs(): ExpandJob[] {
    return this.enqueued.flat().filter(isExpandJob);
  }
}

/** An SDK v3-shaped service error: `name` plus `$metadata.httpStatusCode`, no `statusCode`. */
export function sdkError(name: string, httpStatusCode?: number): Error {
  const error = new Error(`${name} from the fake gateway`);
  error.name = name;
  Object.assign(error, {
    $fault: 'client',
    $metadata: httpStatusCode === undefined ? {} : { httpStatusCode },
  });
  return error;
}

type Behaviour = (connectionId: string, call: number) => Error | undefined;

/** Records every post, counts concurrent calls, and fails per the given behaviour. */
export class FakeGateway implements ConnectionGateway {
  public readonly posts: { connectionId: string; data: string }[] = [];
  public inFlight = 0;
  public maxInFlight = 0;
  private readonly calls = new Map<string, number>();

  public constructor(private readonly behaviour: Behaviour = () => undefined) {}

  public async post(connectionId: string, data: Uint8Array): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const call = (this.calls.get(connectionId) ?? 0) + 1;
      this.calls.set(connectionId, call);
      this.posts.push({ connectionId, data: Buffer.from(data).toString('utf8') });
      // Yield a few turns so other lanes of the pool get to start their calls.
      for (let i = 0; i < 3; i += 1) await Promise.resolve();
      const failure = this.behaviour(connectionId, call);
      if (failure) throw failure;
    } finally {
      this.inFlight -= 1;
    }
  }

  public callsTo(connectionId: string): number {
    return this.calls.get(connectionId) ?? 0;
  }
}

let counter = 0;
function nextUlid(): string {
  counter += 1;
  return `01JDQ5V3${String(counter).padStart(18, '0')}`;
}

export function chatMessage(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    roomId: 'lobby',
    messageId: nextUlid(),
    clientMsgId: `c-${counter}`,
    sender: 'Ada',
    senderId: 'user-Ada',
    text: 'hello room',
    sentAt: '2026-11-28T01:00:00.000Z',
    ...overrides,
  };
}

export function deliveryJob(overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  return {
    roomId: 'lobby',
    messageId: nextUlid(),
    payload: JSON.stringify({ type: 'message', text: 'hi' }),
    connectionIds: ['a', 'b', 'c'],
    attempt: 1,
    ...overrides,
  };
}

let sequence = 1000;
/** A messages-table stream record; `image` overrides attributes of the NEW_IMAGE. */
export function streamRecord(
  message: ChatMessage = chatMessage(),
  options: {
    eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
    kind?: string;
    image?: Record<string, unknown>;
  } = {},
): DynamoDBRecord {
  sequence += 1;
  const keys = { pk: { S: `ROOM#${message.roomId}` }, sk: { S: message.messageId } };
  const image: Record<string, { S: string }> = {
    ...keys,
    kind: { S: options.kind ?? 'message' },
    roomId: { S: message.roomId },
    messageId: { S: message.messageId },
    clientMsgId: { S: message.clientMsgId },
    sender: { S: message.sender },
    senderId: { S: message.senderId },
    text: { S: message.text },
    sentAt: { S: message.sentAt },
  };
  return {
    eventID: `${sequence}`.padStart(32, 'f'),
    eventName: options.eventName ?? 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:000000000000:table/chorus-messages-dev/stream/2026-11-28T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1764291600,
      Keys: keys,
      NewImage: { ...image, ...(options.image ?? {}) } as never,
      SequenceNumber: `14054000000000020${sequence}`,
      SizeBytes: 200,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export function sqsRecord(body: string | QueueJob): SQSRecord {
  sequence += 1;
  return {
    messageId: `5f0e6c1a-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    receiptHandle: `handle-${sequence}`,
    body: typeof body === 'string' ? body : encodeQueueJob(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764291600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764291600001',
    },
    messageAttributes: {},
    md5OfBody: '0'.repeat(32),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:chorus-delivery-dev',
    awsRegion: 'us-east-1',
  };
}

export function lambdaContext(): Context {
  sequence += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'chorus-fanout-dev-deliver',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:chorus-fanout-dev-deliver',
    memoryLimitInMB: '1024',
    awsRequestId: `req-${sequence}`,
    logGroupName: '/aws/lambda/chorus-fanout-dev-deliver',
    logStreamName: '2026/11/28/[$LATEST]abc',
    getRemainingTimeInMillis: () => 30000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * The real DeliveryWorker on the given fakes: c = 8, 5 attempts, no real sleeping, fixed jitter.
 * Overrides win (a test recording its sleeps passes its own `sleep`).
 */
export function testDeliveryWorker(
  edges: Pick<DeliveryWorkerDeps, 'gateway' | 'directory' | 'queue' | 'metrics'>,
  overrides: Partial<DeliveryWorkerDeps> = {},
): DeliveryWorker {
  return new DeliveryWorker({
    ...edges,
    inFlight: 8,
    maxAttempts: 5,
    sleep: async () => {},
    random: () => 0.5,
    ...overrides,
  });
}
