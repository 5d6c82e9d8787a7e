// Stream dispatcher core: one chat message in, delivery jobs of K connection ids out. All shards of
// the room are paged in parallel and jobs leave as soon as ten are ready, so memory stays at a few
// pages per shard however large the room is.
import { encodeServerFrame } from '@chorus/protocol';
import type { ConnectionDirectory } from './ConnectionDirectory';
import { MAX_JOB_BYTES, byteLength, encodeDeliveryJob, type DeliveryJob } from './DeliveryJob';
import { SQS_BATCH_MAX_ENTRIES, type DeliveryQueue } from './DeliveryQueue';
import type { DispatchableMessage } from './streamRecord';
import type { FanoutMetrics } from './telemetry';

export interface DispatcherDeps {
  directory: ConnectionDirectory;
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  /** K: connection ids per job. */
  batchSize: number;
  /** Byte ceiling of one job body; a job is cut early when K ids would not fit. */
  maxJobBytes?: number;
}

export interface DispatchResult {
  connections: number;
  jobs: number;
}

/** Cuts a stream of connection ids into jobs and enqueues them ten at a time. */
class JobBatcher {
  private ids: string[] = [];
  private idsBytes = 0;
  private ready: DeliveryJob[] = [];
  private readonly baseBytes: number;
  public connections = 0;
  public jobs = 0;

  public constructor(
    private readonly template: Omit<DeliveryJob, 'connectionIds'>,
    private readonly deps: Required<Pick<DispatcherDeps, 'queue' | 'metrics' | 'batchSize' | 'maxJobBytes'>>,
  ) {
    this.baseBytes = byteLength(encodeDeliveryJob({ ...template, connectionIds: [] }));
  }

  public async add(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      // The id as a JSON string plus its comma.
      const cost = byteLength(JSON.stringify(id)) + 1;
      const full =
        this.ids.length >= this.deps.batchSize ||
        this.baseBytes + this.idsBytes + cost > this.deps.maxJobBytes;
      if (full && this.ids.length > 0) this.cut();
      this.ids.push(id);
      this.idsBytes += cost;
      this.connections += 1;
      if (this.ready.length >= SQS_BATCH_MAX_ENTRIES) await this.flush();
    }
  }

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
    await this.deps.queue.enqueue(jobs);
    this.jobs += jobs.length;
    this.deps.metrics.count('JobsEnqueued', jobs.length);
  }
}

export class Dispatcher {
  public constructor(private readonly deps: DispatcherDeps) {}

  public async dispatch(message: DispatchableMessage): Promise<DispatchResult> {
    const { senderConnectionId, ...chat } = message;
    // Encoded (and schema-checked) once; workers post these bytes verbatim.
    const payload = encodeServerFrame({ type: 'message', ...chat });
    const template: Omit<DeliveryJob, 'connectionIds'> = {
      roomId: chat.roomId,
      messageId: chat.messageId,
      payload,
      attempt: 1,
    };
    if (senderConnectionId !== undefined) template.senderConnectionId = senderConnectionId;
    const batcher = new JobBatcher(template, {
      queue: this.deps.queue,
      metrics: this.deps.metrics,
      batchSize: this.deps.batchSize,
      maxJobBytes: this.deps.maxJobBytes ?? MAX_JOB_BYTES,
    });

    // Stop paging the other shards as soon as one fails: the record will be retried anyway.
    let failed = false;
    const shards = Array.from({ length: this.deps.directory.shards }, (_, shard) => shard);
    await Promise.all(
      shards.map(async (shard) => {
        try {
          for await (const ids of this.deps.directory.roomShardPages(chat.roomId, shard)) {
            if (failed) return;
            await batcher.add(ids);
          }
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
    await batcher.finish();
    return { connections: batcher.connections, jobs: batcher.jobs };
  }
}
