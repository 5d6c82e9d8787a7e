// Cuts a stream of connection ids into delivery jobs of at most K ids (and at most maxJobBytes) and
// enqueues them ten at a time, a few calls in flight while paging goes on, so memory stays at a
// few pages however large the room is. Shared by
// the dispatcher and the room expander.
import type { ConnectionDirectory } from './connectionDirectory';
import {
  byteLength,
  encodeDeliveryJob,
  encodedIdBytes,
  type DeliveryJob,
  type ShardCursor,
} from './deliveryJob';
import { SQS_BATCH_MAX_ENTRIES, type DeliveryQueue } from './deliveryQueue';
import type { FanoutMetrics } from './telemetry';

export interface JobBatcherOptions {
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  /** K: connection ids per job. */
  batchSize: number;
  /** Byte ceiling of one job body; a job is cut early when K ids would not fit. */
  maxJobBytes: number;
  /**
   * SendMessageBatch calls in flight at once (default 4). Paging goes on while they are sent, so a
   * big room's first jobs reach the workers while its later pages are still being read.
   */
  enqueueConcurrency?: number;
}

/** Enqueue calls one batcher keeps in flight unless told otherwise. */
export const DEFAULT_ENQUEUE_CONCURRENCY = 4;

export class JobBatcher {
  private ids: string[] = [];
  private idsBytes = 0;
  private ready: DeliveryJob[] = [];
  private readonly baseBytes: number;
  private readonly sending = new Set<Promise<void>>();
  private readonly enqueueConcurrency: number;
  /** Jobs cut so far (enqueued, being enqueued or waiting to be). */
  private cuts = 0;
  /** The first enqueue that failed; every later add/finish rethrows it. */
  private failure?: { error: unknown };
  public connections = 0;
  public jobs = 0;

  public constructor(
    private readonly template: Omit<DeliveryJob, 'connectionIds'>,
    private readonly options: JobBatcherOptions,
  ) {
    this.baseBytes = byteLength(encodeDeliveryJob({ ...template, connectionIds: [] }));
    this.enqueueConcurrency = Math.max(1, options.enqueueConcurrency ?? DEFAULT_ENQUEUE_CONCURRENCY);
  }

  public async add(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const cost = encodedIdBytes(id);
      const full =
        this.ids.length >= this.options.batchSize ||
        this.baseBytes + this.idsBytes + cost > this.options.maxJobBytes;
      if (full && this.ids.length > 0) this.cut();
      this.ids.push(id);
      this.idsBytes += cost;
      this.connections += 1;
      if (this.ready.length >= SQS_BATCH_MAX_ENTRIES) await this.flush();
    }
  }

  /**
   * The whole room as one job, taken out of the batcher, when nothing was enqueued or cut yet and
   * it holds at most `maxIds` ids: the dispatcher posts such a small room itself. Undefined (and
   * the batcher untouched) otherwise. Call after the last add, before `finish`.
   */
  public takeSoleJob(maxIds: number): DeliveryJob | undefined {
    if (this.cuts > 0 || this.ids.length === 0 || this.ids.length > maxIds) return undefined;
    const job: DeliveryJob = { ...this.template, connectionIds: this.ids };
    this.ids = [];
    this.idsBytes = 0;
    return job;
  }

  /**
   * Enqueues whatever is left and waits for every enqueue in flight; call once, after the last
   * add. Rejects with the first enqueue failure (then the caller's record fails and is retried).
   */
  public async finish(): Promise<void> {
    if (this.ids.length > 0) this.cut();
    await this.flush();
    await Promise.all(this.sending);
    this.throwIfFailed();
  }

  private cut(): void {
    this.cuts += 1;
    this.ready.push({ ...this.template, connectionIds: this.ids });
    this.ids = [];
    this.idsBytes = 0;
  }

  /**
   * Starts enqueueing the ready jobs and returns once fewer than `enqueueConcurrency` enqueues are
   * in flight. Each enqueue retries only the entries SQS refused (SqsDeliveryQueue).
   */
  private async flush(): Promise<void> {
    // Take the jobs synchronously so a concurrent shard never sends the same job twice.
    const jobs = this.ready;
    this.ready = [];
    if (jobs.length === 0) return;
    this.throwIfFailed();
    const sending = this.options.queue.enqueue(jobs).then(
      () => {
        this.jobs += jobs.length;
        this.options.metrics.count('JobsEnqueued', jobs.length);
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    this.sending.add(sending);
    void sending.finally(() => this.sending.delete(sending));
    while (this.sending.size >= this.enqueueConcurrency) await Promise.race(this.sending);
    // Stop paging as soon as an enqueue failed: the record is retried as a whole anyway.
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}

/**
 * Feeds one room shard into the batcher, starting after `from`. With a `budget`, stops once that
 * many ids were read and returns the cursor of the rest (undefined when the shard is done).
 */
export async function feedShard(
  directory: ConnectionDirectory,
  batcher: JobBatcher,
  roomId: string,
  shard: number,
  options: { from?: ShardCursor; budget?: number; stop?: () => boolean } = {},
): Promise<ShardCursor | undefined> {
  let read = 0;
  for await (const page of directory.roomShardPages(roomId, shard, options.from)) {
    if (options.stop?.()) return undefined;
    await batcher.add(page.connectionIds);
    read += page.connectionIds.length;
    if (options.budget !== undefined && read >= options.budget && page.next !== undefined) return page.next;
  }
  return undefined;
}
