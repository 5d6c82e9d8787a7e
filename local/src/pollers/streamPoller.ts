// DynamoDB Streams trigger (docs/aws-behaviours.md#stream-trigger). Follows the stream's shards
// (children start after their parent is drained, so order holds across splits), polls each shard
// about 4×/s (or faster: see cadence.ts), filters, batches (size + window) and hands batches to lanes: one lane per
// ParallelizationFactor, records of one item always in the same lane, one batch at a time per lane.
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { fullJitterDelayMs } from '@chorus/lambda-kit';
import { lambdaFunctionArn } from '../runtime/lambdaContext';
import type { LambdaInvoker } from '../runtime/types';
import type { PollerLog, StreamEventSource } from './eventSources';
import { matchesAnyPattern, parseFilterPatterns, type FilterPattern } from './filterPatterns';
import { processStreamBatch, type DiscardedBatch } from './streamBatchProcessor';
import { buildStreamFailureRecord, toLambdaDynamoDBRecord, type LambdaDynamoDBRecord } from './streamRecords';
import { errorText, sleep, Wakeup } from './timing';

export interface StreamPollerOptions {
  /** qualifiedName of the function to invoke. */
  functionName: string;
  source: StreamEventSource;
  invoker: LambdaInvoker;
  streams: DynamoDBStreamsClient;
  /** Needed when the source has an onFailureArn. */
  sqs?: SQSClient;
  region?: string;
  accountId?: string;
  log?: PollerLog;
  /** Pause between polls of a shard that had nothing new (default 250 ms = 4×/s, as Lambda). */
  pollIntervalMs?: number;
  /** Wait for the mapping's batching window (default true); the fast local cadence skips it. */
  honourBatchingWindow?: boolean;
  /** How often the shard list is refreshed to find new shards (default 2000 ms). */
  shardDiscoveryIntervalMs?: number;
  /** Backoff between retries of a failed batch (defaults 200 ms doubling to 5000 ms). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

interface Lane {
  buffer: LambdaDynamoDBRecord[];
  /** When the oldest buffered record arrived (batching window start). */
  firstArrival: number;
  wakeup: Wakeup;
  /** No more records will come (the shard is closed and read to its end). */
  closed: boolean;
}

/** Where one shard's reader is: the iterator to read with, or what to get a new one from. */
interface ShardReader {
  shardId: string;
  position: ShardIteratorType;
  iterator?: string | undefined;
  /** The last record read, so a fresh iterator resumes after it. */
  lastSequence?: string | undefined;
}

interface ShardState {
  shardId: string;
  parentId?: string;
  /** Resolves when every record of the shard was processed, or the poller stopped. */
  done: Promise<void>;
}

export class StreamPoller {
  private readonly log: PollerLog;
  private readonly region: string;
  private readonly accountId: string;
  private readonly patterns: FilterPattern[];
  private readonly shards = new Map<string, ShardState>();
  private readonly loops: Promise<void>[] = [];
  private abort = new AbortController();
  private onFailureQueueUrl?: string;
  private running = false;
  /** Cuts the pause after an empty read short (see nudge). */
  private readonly newData = new Wakeup();

  constructor(private readonly options: StreamPollerOptions) {
    const prefix = `[${options.functionName}] [stream ${options.source.tableName}]`;
    const sink = options.log ?? ((line: string) => console.log(line));
    this.log = (line) => sink(`${prefix} ${line}`);
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.patterns = parseFilterPatterns(options.source.filterPatterns);
  }

  /**
   * Starts polling. Resolves once the shards known at start have their iterators, so anything
   * written after `start()` resolves is seen even with StartingPosition LATEST.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    try {
      await this.discoverShards(true);
    } catch (error) {
      this.log(`cannot describe the stream yet (${errorText(error)}); will keep trying`);
    }
    this.loops.push(this.discoveryLoop());
  }

  /**
   * A hint that the table may have new records (the local cloud sends it when a function
   * invocation ends): every shard waiting after an empty read reads again now instead of at its
   * next poll. Lambda has no such hint; only the fast local cadence uses it.
   */
  nudge(): void {
    this.newData.notify();
  }

  /** Stops polling; resolves after the invocations in flight have finished. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    await Promise.allSettled(this.loops);
    await Promise.allSettled([...this.shards.values()].map((shard) => shard.done));
    this.loops.length = 0;
    this.shards.clear();
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private async discoveryLoop(): Promise<void> {
    let failures = 0;
    while (!this.signal.aborted) {
      await sleep(
        failures > 0
          ? fullJitterDelayMs(failures, { baseMs: 500, capMs: 10_000 })
          : (this.options.shardDiscoveryIntervalMs ?? 2000),
        this.signal,
      );
      if (this.signal.aborted) return;
      try {
        await this.discoverShards(this.shards.size === 0);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.log(`DescribeStream failed (${errorText(error)}); backing off`);
      }
    }
  }

  private async discoverShards(initial: boolean): Promise<void> {
    const found: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await this.options.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.options.source.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
        { abortSignal: this.signal },
      );
      found.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);

    const starts: Promise<void>[] = [];
    for (const shard of parentsFirst(found)) {
      const shardId = shard.ShardId;
      if (shardId === undefined || this.shards.has(shardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      // Shards found after start hold records written since: read them from the beginning.
      const position: ShardIteratorType = initial ? this.options.source.startingPosition : 'TRIM_HORIZON';
      if (initial && position === 'LATEST' && closed) {
        this.shards.set(shardId, { shardId, done: Promise.resolve() });
        continue;
      }
      const parent = shard.ParentShardId !== undefined ? this.shards.get(shard.ParentShardId) : undefined;
      let iteratorReady!: () => void;
      const ready = new Promise<void>((resolve) => (iteratorReady = resolve));
      const state: ShardState = { shardId, done: Promise.resolve() };
      if (shard.ParentShardId !== undefined) state.parentId = shard.ParentShardId;
      state.done = this.runShard(shardId, position, parent?.done, iteratorReady).catch((error: unknown) => {
        this.log(`shard ${shardId}: reader stopped unexpectedly (${errorText(error)})`);
      });
      this.shards.set(shardId, state);
      if (parent === undefined) starts.push(ready);
    }
    await Promise.all(starts);
  }

  private async getIterator(
    shardId: string,
    type: ShardIteratorType,
    afterSequence?: string,
  ): Promise<string | undefined> {
    const response = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.source.streamArn,
        ShardId: shardId,
        ShardIteratorType: afterSequence !== undefined ? 'AFTER_SEQUENCE_NUMBER' : type,
        SequenceNumber: afterSequence,
      }),
      { abortSignal: this.signal },
    );
    return response.ShardIterator;
  }

  /**
   * Reads one shard to its end (or until stopped): after its parent is drained, poll, hand the
   * records to the lanes, recover from what a shard reader meets, back off on anything else.
   */
  private async runShard(
    shardId: string,
    position: ShardIteratorType,
    parentDone: Promise<void> | undefined,
    iteratorReady: () => void,
  ): Promise<void> {
    const laneCount = Math.max(1, Math.min(10, this.options.source.parallelizationFactor));
    const lanes: Lane[] = Array.from({ length: laneCount }, () => ({
      buffer: [],
      firstArrival: 0,
      wakeup: new Wakeup(),
      closed: false,
    }));
    const laneLoops = lanes.map((lane) => this.runLane(shardId, lane));
    try {
      if (parentDone !== undefined) await parentDone;
      const reader: ShardReader = { shardId, position };
      let failures = 0;
      while (!this.signal.aborted) {
        try {
          const step = await this.readShardOnce(reader, lanes, iteratorReady);
          if (step === 'end') break;
          if (step === 'read') failures = 0;
        } catch (error) {
          if (this.signal.aborted) break;
          const recovery = this.recoverShardRead(reader, error);
          if (recovery === 'end') break;
          if (recovery === 'retry') continue;
          failures += 1;
          this.log(`shard ${shardId}: polling failed (${errorText(error)}); backing off`);
          await sleep(fullJitterDelayMs(failures, { baseMs: 250, capMs: 10_000 }), this.signal);
        }
      }
    } finally {
      iteratorReady();
      for (const lane of lanes) {
        lane.closed = true;
        lane.wakeup.notify();
      }
      await Promise.allSettled(laneLoops);
    }
  }

  /**
   * One GetRecords of the shard, its records handed to their lanes. 'held' when the lanes are too
   * far behind to read more (backpressure), 'end' when the shard is closed and read to its end.
   */
  private async readShardOnce(
    reader: ShardReader,
    lanes: Lane[],
    iteratorReady: () => void,
  ): Promise<'read' | 'held' | 'end'> {
    const source = this.options.source;
    reader.iterator ??= await this.getIterator(reader.shardId, reader.position, reader.lastSequence);
    iteratorReady();
    if (reader.iterator === undefined) return 'end';
    const buffered = lanes.reduce((sum, lane) => sum + lane.buffer.length, 0);
    if (buffered >= Math.max(1000, source.batchSize * 4)) {
      await sleep(this.options.pollIntervalMs ?? 250, this.signal);
      return 'held';
    }
    const response = await this.options.streams.send(
      new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: 1000 }),
      { abortSignal: this.signal },
    );
    const records = response.Records ?? [];
    for (const raw of records) {
      const record = toLambdaDynamoDBRecord(raw, { region: this.region, streamArn: source.streamArn });
      reader.lastSequence = record.dynamodb.SequenceNumber;
      // Records that match no filter are dropped for good, as Lambda does.
      if (!matchesAnyPattern(this.patterns, record)) continue;
      const lane = lanes[laneOf(record, lanes.length)] as Lane;
      if (lane.buffer.length === 0) lane.firstArrival = Date.now();
      lane.buffer.push(record);
      lane.wakeup.notify();
    }
    reader.iterator = response.NextShardIterator;
    if (reader.iterator === undefined) return 'end'; // closed shard read to its end
    if (records.length === 0) await this.newData.wait(this.options.pollIntervalMs ?? 250, this.signal);
    return 'read';
  }

  /**
   * What a failed read means for the shard: 'retry' with a fresh iterator (expired, or records
   * trimmed: continue from the trim horizon), 'end' (the shard is gone), or 'backoff' (anything else).
   */
  private recoverShardRead(reader: ShardReader, error: unknown): 'retry' | 'end' | 'backoff' {
    const name = (error as { name?: string }).name;
    if (name === 'ExpiredIteratorException') {
      delete reader.iterator;
      return 'retry';
    }
    if (name === 'TrimmedDataAccessException') {
      this.log(`shard ${reader.shardId}: records were trimmed; continuing from the trim horizon`);
      delete reader.iterator;
      delete reader.lastSequence;
      reader.position = 'TRIM_HORIZON';
      return 'retry';
    }
    if (name === 'ResourceNotFoundException' && reader.iterator !== undefined) {
      this.log(`shard ${reader.shardId} is gone`);
      return 'end';
    }
    return 'backoff';
  }

  private async runLane(shardId: string, lane: Lane): Promise<void> {
    const source = this.options.source;
    const windowMs =
      this.options.honourBatchingWindow === false ? 0 : source.maximumBatchingWindowSeconds * 1000;
    while (!this.signal.aborted) {
      if (lane.buffer.length === 0) {
        if (lane.closed) return;
        await lane.wakeup.wait(1000, this.signal);
        continue;
      }
      const windowLeft = lane.firstArrival + windowMs - Date.now();
      if (lane.buffer.length < source.batchSize && windowLeft > 0 && !lane.closed) {
        await lane.wakeup.wait(windowLeft, this.signal);
        continue;
      }
      const batch = lane.buffer.splice(0, source.batchSize);
      if (lane.buffer.length > 0) lane.firstArrival = Date.now();
      try {
        await processStreamBatch(batch, {
          functionName: this.options.functionName,
          invoker: this.options.invoker,
          settings: source,
          onDiscard: (discarded) => this.sendToOnFailure(shardId, discarded),
          log: this.log,
          signal: this.signal,
          retryBaseDelayMs: this.options.retryBaseDelayMs ?? 200,
          retryMaxDelayMs: this.options.retryMaxDelayMs ?? 5000,
        });
      } catch (error) {
        // Never expected (the processor catches invoker errors); keep the lane alive regardless.
        this.log(`shard ${shardId}: batch processing crashed (${errorText(error)})`);
      }
    }
  }

  private async sendToOnFailure(shardId: string, batch: DiscardedBatch): Promise<void> {
    const source = this.options.source;
    const first = batch.records[0]?.dynamodb.SequenceNumber;
    const last = batch.records[batch.records.length - 1]?.dynamodb.SequenceNumber;
    const summary = `${batch.records.length} record(s) ${first}..${last} (${batch.condition})`;
    if (source.onFailureArn === undefined || this.options.sqs === undefined) {
      this.log(`discarding ${summary}; no on-failure destination`);
      return;
    }
    const record = buildStreamFailureRecord({
      requestId: batch.requestId,
      functionArn: lambdaFunctionArn(this.region, this.accountId, this.options.functionName),
      condition: batch.condition,
      approximateInvokeCount: batch.approximateInvokeCount,
      functionError: batch.functionError,
      shardId,
      streamArn: source.streamArn,
      records: batch.records,
      timestamp: new Date(),
    });
    let failures = 0;
    while (!this.signal.aborted) {
      try {
        this.onFailureQueueUrl ??= await this.queueUrlOf(source.onFailureArn);
        await this.options.sqs.send(
          new SendMessageCommand({ QueueUrl: this.onFailureQueueUrl, MessageBody: JSON.stringify(record) }),
        );
        this.log(`sent ${summary} to the on-failure destination`);
        return;
      } catch (error) {
        failures += 1;
        this.log(`on-failure destination unreachable (${errorText(error)}); retrying`);
        await sleep(fullJitterDelayMs(failures, { baseMs: 250, capMs: 5000 }), this.signal);
      }
    }
  }

  private async queueUrlOf(queueArn: string): Promise<string> {
    const [, , , , owner, name] = queueArn.split(':');
    if (name === undefined) throw new Error(`Not an SQS queue ARN: ${queueArn}`);
    const response = await (this.options.sqs as SQSClient).send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: owner }),
    );
    if (response.QueueUrl === undefined) throw new Error(`No URL for ${queueArn}`);
    return response.QueueUrl;
  }
}

/** Orders shards so a parent is registered before its children (its `done` gates theirs). */
function parentsFirst(shards: Shard[]): Shard[] {
  const byId = new Map(shards.map((shard) => [shard.ShardId, shard]));
  const ordered: Shard[] = [];
  const visited = new Set<string | undefined>();
  const visit = (shard: Shard) => {
    if (visited.has(shard.ShardId)) return;
    visited.add(shard.ShardId);
    const parent = shard.ParentShardId !== undefined ? byId.get(shard.ParentShardId) : undefined;
    if (parent !== undefined) visit(parent);
    ordered.push(shard);
  };
  for (const shard of shards) visit(shard);
  return ordered;
}

/** Records of one item (same key) always land in the same lane, which keeps their order. */
function laneOf(record: LambdaDynamoDBRecord, laneCount: number): number {
  if (laneCount === 1) return 0;
  const keys = record.dynamodb.Keys;
  const text = Object.keys(keys)
    .sort()
    .map((name) => `${name}=${JSON.stringify(keys[name])}`)
    .join('|');
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % laneCount;
}
