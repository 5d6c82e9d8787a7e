// SQS trigger (docs/aws-behaviours.md#sqs-trigger). One receive loop long-polls the queue,
// gathers up to batchSize messages over the batching window, drops (deletes) the ones no filter
// matches and starts an invocation without waiting for it, until `maximumConcurrency`
// invocations are in flight — then it stops pulling. After each invocation it deletes what
// succeeded; failed messages are left alone so they reappear after the visibility timeout and the
// queue's own RedrivePolicy moves them to the DLQ after maxReceiveCount receives.
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { LambdaInvoker } from '../runtime/types';
import { interpretBatchResponse } from './batchResponse';
import type { PollerLog, SqsEventSource } from './eventSources';
import { matchesAnyPattern, parseFilterPatterns, sqsFilterView, type FilterPattern } from './filterPatterns';
import { SqsDeleteBatcher } from './sqsDeletes';
import { toLambdaSQSRecord, type LambdaSQSRecord } from './sqsRecords';
import { fullJitterDelayMs } from '@chorus/lambda-kit';
import { errorText, sleep, Wakeup } from './timing';

export interface SqsPollerOptions {
  /** qualifiedName of the function to invoke. */
  functionName: string;
  source: SqsEventSource;
  invoker: LambdaInvoker;
  sqs: SQSClient;
  /** The queue's URL when already known (otherwise looked up with GetQueueUrl by queueName). */
  queueUrl?: string;
  region?: string;
  log?: PollerLog;
  /** Concurrent invocations when the source sets no maximumConcurrency (default 5). */
  defaultMaximumConcurrency?: number;
  /** Long-poll wait of ReceiveMessage (default 20 s; stop() aborts it). */
  waitTimeSeconds?: number;
  /** Wait for the mapping's batching window (default true); the fast local cadence skips it. */
  honourBatchingWindow?: boolean;
}

const MAX_RECEIVE = 10;

export class SqsPoller {
  private readonly log: PollerLog;
  private readonly region: string;
  private readonly patterns: FilterPattern[];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly slotFreed = new Wakeup();
  private abort = new AbortController();
  private loop?: Promise<void>;
  /** Deletes of settled messages, a few gathered per DeleteMessageBatch. */
  private deletes: SqsDeleteBatcher | undefined;
  private queueUrl?: string;

  constructor(private readonly options: SqsPollerOptions) {
    const sink = options.log ?? ((line: string) => console.log(line));
    const prefix = `[${options.functionName}] [sqs ${options.source.queueName}]`;
    this.log = (line) => sink(`${prefix} ${line}`);
    this.region = options.region ?? 'us-east-1';
    this.patterns = parseFilterPatterns(options.source.filterPatterns);
    if (options.queueUrl !== undefined) this.queueUrl = options.queueUrl;
  }

  get maximumConcurrency(): number {
    return Math.max(1, this.options.source.maximumConcurrency ?? this.options.defaultMaximumConcurrency ?? 5);
  }

  /** Number of invocations in flight right now. */
  get activeInvocations(): number {
    return this.inFlight.size;
  }

  start(): Promise<void> {
    if (this.loop !== undefined) return Promise.resolve();
    this.abort = new AbortController();
    this.loop = this.receiveLoop();
    return Promise.resolve();
  }

  /** Stops pulling; resolves after the invocations in flight (and their deletes) have finished. */
  async stop(): Promise<void> {
    if (this.loop === undefined) return;
    this.abort.abort();
    this.slotFreed.notify();
    await this.loop.catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    this.loop = undefined;
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  private async receiveLoop(): Promise<void> {
    let failures = 0;
    while (!this.signal.aborted) {
      if (this.inFlight.size >= this.maximumConcurrency) {
        await this.slotFreed.wait(1000, this.signal);
        continue;
      }
      try {
        this.queueUrl ??= await this.resolveQueueUrl();
        const messages = await this.gatherBatch(this.queueUrl);
        failures = 0;
        // One invocation per batch of batchSize: gatherBatch asked for no more than the slots that
        // were free, and invocations only end (never start) while it waits.
        const { batchSize } = this.options.source;
        for (let start = 0; start < messages.length; start += batchSize) {
          this.dispatch(this.queueUrl, messages.slice(start, start + batchSize));
        }
      } catch (error) {
        if (this.signal.aborted) return;
        failures += 1;
        this.log(`receiving failed (${errorText(error)}); backing off`);
        await sleep(fullJitterDelayMs(failures, { baseMs: 250, capMs: 10_000 }), this.signal);
      }
    }
  }

  private async resolveQueueUrl(): Promise<string> {
    const owner = this.options.source.queueArn.split(':')[4];
    const response = await this.options.sqs.send(
      new GetQueueUrlCommand({ QueueName: this.options.source.queueName, QueueOwnerAWSAccountId: owner }),
      { abortSignal: this.signal },
    );
    if (response.QueueUrl === undefined) throw new Error(`No URL for queue ${this.options.source.queueName}`);
    return response.QueueUrl;
  }

  /**
   * Long-polls until something arrives, then keeps receiving until the batch is full or the window
   * ends. A batchSize under 10 still receives up to 10 at once (as many batches as there are free
   * slots): a big room's jobs then cost one ReceiveMessage per ten, not one each.
   */
  private async gatherBatch(queueUrl: string): Promise<Message[]> {
    const { batchSize } = this.options.source;
    const slots = Math.max(1, this.maximumConcurrency - this.inFlight.size);
    const want = Math.max(batchSize, Math.min(MAX_RECEIVE, batchSize * slots));
    const maximumBatchingWindowSeconds =
      this.options.honourBatchingWindow === false ? 0 : this.options.source.maximumBatchingWindowSeconds;
    // Keyed by messageId: if the visibility timeout is shorter than the window, a message can be
    // received twice while gathering; only its newest receipt handle is valid.
    const messages = new Map<string, Message>();
    let windowEnd = 0;
    while (messages.size < batchSize && !this.signal.aborted) {
      let waitSeconds = this.options.waitTimeSeconds ?? 20;
      if (messages.size > 0) {
        const left = windowEnd - Date.now();
        if (left <= 0) break;
        // WaitTimeSeconds is whole seconds; never overshoot the window.
        waitSeconds = Math.min(waitSeconds, Math.floor(left / 1000));
      }
      const response = await this.options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(MAX_RECEIVE, want - messages.size),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.signal },
      );
      const received = response.Messages ?? [];
      if (messages.size === 0 && received.length > 0) {
        windowEnd = Date.now() + maximumBatchingWindowSeconds * 1000;
      }
      for (const message of received) messages.set(message.MessageId ?? message.ReceiptHandle ?? '', message);
      if (messages.size > 0 && maximumBatchingWindowSeconds <= 0) break;
      if (received.length === 0 && waitSeconds === 0) {
        await sleep(Math.min(100, windowEnd - Date.now()), this.signal);
      }
    }
    return [...messages.values()];
  }

  private dispatch(queueUrl: string, messages: Message[]): void {
    const source = this.options.source;
    const records = messages.map((message) =>
      toLambdaSQSRecord(message, { queueArn: source.queueArn, region: this.region }),
    );
    const matching = records.filter((record) =>
      matchesAnyPattern(
        this.patterns,
        sqsFilterView(record as unknown as Record<string, unknown>, this.patterns),
      ),
    );
    const filteredOut = records.filter((record) => !matching.includes(record));
    const task = (async () => {
      // Messages that match no filter are consumed without an invocation.
      if (filteredOut.length > 0) await this.deleteMessages(queueUrl, filteredOut);
      if (matching.length > 0) await this.invokeAndSettle(queueUrl, matching);
    })().catch((error: unknown) => this.log(`batch handling failed (${errorText(error)})`));
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      this.slotFreed.notify();
    });
  }

  private async invokeAndSettle(queueUrl: string, records: LambdaSQSRecord[]): Promise<void> {
    const source = this.options.source;
    let invocation;
    try {
      invocation = await this.options.invoker.invoke(this.options.functionName, { Records: records });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      invocation = { ok: false as const, requestId: '', error: { name: err.name, message: err.message } };
    }
    const ids = records.map((record) => record.messageId);
    const outcome = interpretBatchResponse(invocation, ids, source.reportBatchItemFailures);
    if (outcome.kind === 'success') {
      await this.deleteMessages(queueUrl, records);
    } else if (outcome.kind === 'partial') {
      const failed = new Set(outcome.failedIds);
      this.log(
        `${failed.size} of ${records.length} message(s) failed; they return after the visibility timeout`,
      );
      await this.deleteMessages(
        queueUrl,
        records.filter((record) => !failed.has(record.messageId)),
      );
    } else {
      this.log(
        `batch of ${records.length} failed (${outcome.reason}); messages return after the visibility timeout`,
      );
    }
  }

  private deleteMessages(queueUrl: string, records: LambdaSQSRecord[]): Promise<void> {
    this.deletes ??= new SqsDeleteBatcher((handles) => this.sendDeletes(queueUrl, handles));
    return this.deletes.delete(records.map((record) => record.receiptHandle));
  }

  /** One DeleteMessageBatch (the batcher hands at most ten); failures are logged, never thrown. */
  private async sendDeletes(queueUrl: string, receiptHandles: string[]): Promise<void> {
    try {
      const response = await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: receiptHandles.map((receiptHandle, index) => ({
            Id: String(index),
            ReceiptHandle: receiptHandle,
          })),
        }),
      );
      for (const failure of response.Failed ?? []) {
        this.log(
          `could not delete a message (${failure.Code}: ${failure.Message}); it may be delivered again`,
        );
      }
    } catch (error) {
      this.log(`DeleteMessageBatch failed (${errorText(error)}); the messages may be delivered again`);
    }
  }
}
