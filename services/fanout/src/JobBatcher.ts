// Cuts a stream of connection ids into delivery jobs of at most K ids (and at most maxJobBytes) and
// enqueues them ten at a time, so memory stays at a few pages however large the room is. Shared by
// the dispatcher and the room expander.
import type { ConnectionDirectory } from './ConnectionDirectory';
import {
  byteLength,
  encodeDeliveryJob,
  encodedIdBytes,
  type DeliveryJob,
  type ShardCursor,
} from './DeliveryJob';
import { SQS_BATCH_MAX_ENTRIES, type DeliveryQueue } from './DeliveryQueue';
import type { FanoutMetrics } from './telemetry';

export interface JobBatcherOptions {
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  /** K: connection ids per job. */
  batchSize: number;
  /** Byte ceiling of one job body; a job is cut early when K ids would not fit. */
  maxJobBytes: number;
}

export class JobBatcher {
  private ids: string[] = [];
  private idsBytes = 0;
  private ready: DeliveryJob[] = [];
  private readonly baseBytes: number;
  public connections = 0;
  public jobs = 0;

  public constructor(
    private readonly template: Omit<DeliveryJob, 'connectionIds'>,
    private readonly options: JobBatcherOptions,
  ) {
    this.baseBytes = byteLength(encodeDeliveryJob({ ...template, connectionIds: [] }));
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

  /** Enqueues whatever is left; call once, after the last add. */
  public async finish(): Promise<void> {
    if (this.ids.length > 0) this.cut();
    await this.flush();
  }

  private cut(): void {
    this.ready.push({ ...this.template, connectionIds: this.ids });
    this.ids = [];
    this.idsBytes = 0;
  }

  private async flush(): Promise<void> {
    // Take the jobs synchronously so a concurrent shard never sends the same job twice.
    const jobs = this.ready;
    this.ready = [];
    if (jobs.length === 0) return;
    await this.options.queue.enqueue(jobs);
    this.jobs += jobs.length;
    this.options.metrics.count('JobsEnqueued', jobs.length);
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
