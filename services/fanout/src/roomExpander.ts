// Runs an expand job in a delivery worker: pages the next `expandAfter` ids of one room shard from
// the job's cursor, enqueues their delivery jobs, and chains an expand job for whatever is left.
// A failure fails the SQS record; the job is redelivered and re-pages from the same cursor
// (duplicate deliveries are fine: clients de-duplicate by messageId).
import type { ConnectionDirectory } from './connectionDirectory';
import { MAX_JOB_BYTES, type ExpandJob } from './deliveryJob';
import type { DeliveryQueue } from './deliveryQueue';
import { JobBatcher, feedShard } from './jobBatcher';
import type { Log } from '@chorus/lambda-kit';
import type { FanoutMetrics } from './telemetry';

export interface RoomExpanderDeps {
  directory: ConnectionDirectory;
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  batchSize: number;
  /** Ids paged per expand job (DISPATCH_EXPAND_AFTER; at least one page). */
  expandAfter: number;
  maxJobBytes?: number;
}

export interface ExpandReport {
  connections: number;
  jobs: number;
  /** True when another expand job was chained for the rest of the shard. */
  continued: boolean;
}

export class RoomExpander {
  public constructor(private readonly deps: RoomExpanderDeps) {}

  public async expand(job: ExpandJob, log: Log): Promise<ExpandReport> {
    const { kind: _kind, shard, cursor, ...common } = job;
    const batcher = new JobBatcher(
      { ...common, attempt: 1 },
      {
        queue: this.deps.queue,
        metrics: this.deps.metrics,
        batchSize: this.deps.batchSize,
        maxJobBytes: this.deps.maxJobBytes ?? MAX_JOB_BYTES,
      },
    );
    const rest = await feedShard(this.deps.directory, batcher, job.roomId, shard, {
      ...(cursor === undefined ? {} : { from: cursor }),
      budget: Math.max(1, this.deps.expandAfter),
    });
    await batcher.finish();
    if (rest !== undefined) await this.deps.queue.enqueue([{ ...job, cursor: rest }]);
    const report = { connections: batcher.connections, jobs: batcher.jobs, continued: rest !== undefined };
    log.info('Room shard expanded', { shard, ...report });
    return report;
  }
}
