// Stream dispatcher core: one chat message in, delivery jobs of K connection ids out. All shards of
// the room are paged in parallel and jobs leave as soon as ten are ready. For a huge room the
// dispatcher pages only the first `expandAfter` ids of each shard itself and hands the rest of the
// shard to an expand job, so workers page it in parallel and the stream shard is not held up.
// A small room (one job, at most `inline.maxConnections` ids) skips the queue: the dispatcher
// posts it with the delivery worker's own logic, whose failures still go to the queue as retry
// jobs, so two people chatting do not pay an SQS hop and a second invocation per message.
import { encodeServerFrame } from '@chorus/protocol';
import type { Log } from '@chorus/lambda-kit';
import type { ConnectionDirectory } from './connectionDirectory';
import { MAX_JOB_BYTES, type DeliveryJob, type ExpandJob } from './deliveryJob';
import type { DeliveryQueue } from './deliveryQueue';
import type { DeliveryWorker } from './deliveryWorker';
import { JobBatcher, feedShard } from './jobBatcher';
import type { ChatMessage } from '@chorus/protocol';
import type { FanoutMetrics } from './telemetry';

export interface DispatcherDeps {
  directory: ConnectionDirectory;
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  /** K: connection ids per job. */
  batchSize: number;
  /** Ids per shard paged here before the rest goes to an expand job; 0 = never expand. */
  expandAfter?: number;
  /** Byte ceiling of one job body; a job is cut early when K ids would not fit. */
  maxJobBytes?: number;
  /** Small rooms posted here (DISPATCH_INLINE_MAX); absent or 0 = every room goes through the queue. */
  inline?: InlineDelivery;
}

export interface InlineDelivery {
  worker: Pick<DeliveryWorker, 'deliver'>;
  /** Rooms of at most this many connections (and at most one job) are posted by the dispatcher. */
  maxConnections: number;
}

export interface DispatchOptions {
  log?: Log;
  /** Epoch ms after which an inline delivery starts no post (the rest goes to the queue). */
  deadline?: number;
}

export interface DispatchResult {
  connections: number;
  jobs: number;
  /** Shards handed to workers as expand jobs. */
  expanded: number;
  /** Connections posted by the dispatcher itself (0 when the room went through the queue). */
  inline: number;
}

const SILENT: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export class Dispatcher {
  public constructor(private readonly deps: DispatcherDeps) {}

  public async dispatch(chat: ChatMessage, options: DispatchOptions = {}): Promise<DispatchResult> {
    // Encoded (and schema-checked) once; workers post these bytes verbatim.
    const payload = encodeServerFrame({ type: 'message', ...chat });
    const template: Omit<DeliveryJob, 'connectionIds'> = {
      roomId: chat.roomId,
      messageId: chat.messageId,
      payload,
      attempt: 1,
    };
    const batcher = new JobBatcher(template, {
      queue: this.deps.queue,
      metrics: this.deps.metrics,
      batchSize: this.deps.batchSize,
      maxJobBytes: this.deps.maxJobBytes ?? MAX_JOB_BYTES,
    });
    const budget = this.deps.expandAfter && this.deps.expandAfter > 0 ? this.deps.expandAfter : undefined;

    // Stop paging the other shards as soon as one fails: the record will be retried anyway.
    let failed = false;
    const expandJobs: ExpandJob[] = [];
    const shards = Array.from({ length: this.deps.directory.shards }, (_, shard) => shard);
    await Promise.all(
      shards.map(async (shard) => {
        try {
          const rest = await feedShard(this.deps.directory, batcher, chat.roomId, shard, {
            ...(budget === undefined ? {} : { budget }),
            stop: () => failed,
          });
          if (rest !== undefined) {
            const { attempt: _attempt, ...common } = template;
            expandJobs.push({ kind: 'expand', ...common, shard, cursor: rest });
          }
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    );
    const inline = this.deps.inline;
    // takeSoleJob(0) never yields a job: maxConnections 0 sends every room through the queue.
    const sole =
      inline !== undefined && expandJobs.length === 0
        ? batcher.takeSoleJob(inline.maxConnections)
        : undefined;
    if (inline !== undefined && sole !== undefined) {
      // Retries of what failed here are enqueued by the worker; if that enqueue throws, the record
      // fails and the stream replays it (duplicates are acceptable, losses are not).
      await inline.worker.deliver(sole, options.log ?? SILENT, options.deadline);
      this.deps.metrics.count('DispatchedInline');
      return { connections: batcher.connections, jobs: 0, expanded: 0, inline: sole.connectionIds.length };
    }
    await batcher.finish();
    if (expandJobs.length > 0) await this.deps.queue.enqueue(expandJobs);
    return { connections: batcher.connections, jobs: batcher.jobs, expanded: expandJobs.length, inline: 0 };
  }
}
