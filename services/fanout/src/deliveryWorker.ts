// Delivery worker core: post one job's payload to its connections with at most `inFlight` calls
// pending, settle each connection (delivered / gone / rejected / still failing), and hand the ones
// still failing to a NEW job with attempt+1 — never re-posting to a connection that succeeded.
// Given a deadline (the invocation's end less a reserve), it starts no post after it and hands the
// connections it never reached to a job of the same attempt, due at once, so a timeout neither
// cuts a batch off mid-way nor makes SQS re-post the whole job to everyone.
import {
  fullJitterDelayMs,
  httpStatusOf,
  realSleep,
  type BackoffPolicy,
  type Log,
  type Random,
  type Sleep,
} from '@chorus/lambda-kit';
import type { ConnectionDirectory } from './connectionDirectory';
import { classifyPostError, type ConnectionGateway } from './connectionGateway';
import type { DeliveryJob } from './deliveryJob';
import type { DeliveryQueue } from './deliveryQueue';
import { Semaphore, forEachWithLimit } from './pool';
import { requeueDelaySeconds } from './requeueDelay';
import type { FanoutMetrics } from './telemetry';

export interface DeliveryWorkerDeps {
  gateway: ConnectionGateway;
  directory: ConnectionDirectory;
  queue: DeliveryQueue;
  metrics: FanoutMetrics;
  /**
   * c: PostToConnection calls pending at once across every job this worker is delivering
   * (DELIVERY_IN_FLIGHT); backoff sleeps do not hold a slot.
   */
  inFlight: number;
  /** A job whose attempt would exceed this goes to the DLQ (DELIVERY_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Posts per connection within one invocation, the first included. */
  postTries?: number;
  /** In-process backoff between those posts. */
  backoff?: BackoffPolicy;
  /** Ceiling of the DelaySeconds given to a re-enqueued job. */
  requeueDelayCapSeconds?: number;
  sleep?: Sleep;
  random?: Random;
  now?: () => number;
}

export interface DeliveryReport {
  delivered: number;
  gone: number;
  rejected: number;
  requeued: number;
  deadLettered: number;
  /** Connections not reached before the deadline, re-enqueued at the same attempt. */
  unfinished: number;
}

type Outcome = 'delivered' | 'gone' | 'rejected' | 'failed' | 'unfinished';

export class DeliveryWorker {
  private readonly postTries: number;
  private readonly backoff: BackoffPolicy;
  private readonly requeueDelayCapSeconds: number;
  private readonly sleep: Sleep;
  private readonly random: Random;
  private readonly now: () => number;
  private readonly inFlight: Semaphore;

  public constructor(private readonly deps: DeliveryWorkerDeps) {
    this.postTries = deps.postTries ?? 3;
    this.backoff = deps.backoff ?? { baseMs: 100, capMs: 1000 };
    this.requeueDelayCapSeconds = deps.requeueDelayCapSeconds ?? 60;
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.inFlight = new Semaphore(deps.inFlight);
  }

  /** `deadline`: epoch ms after which no post starts (see the file comment); none = no limit. */
  public async deliver(
    job: DeliveryJob,
    log: Log,
    deadline = Number.POSITIVE_INFINITY,
  ): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      delivered: 0,
      gone: 0,
      rejected: 0,
      requeued: 0,
      deadLettered: 0,
      unfinished: 0,
    };
    if (job.attempt > this.deps.maxAttempts) {
      await this.deadLetter(job, report, log);
      return report;
    }
    const data = Buffer.from(job.payload, 'utf8');
    const stillFailing: string[] = [];
    const unreached: string[] = [];
    await forEachWithLimit(job.connectionIds, this.deps.inFlight, async (connectionId) => {
      const outcome = await this.postWithRetries(connectionId, data, log, deadline);
      if (outcome === 'failed') stillFailing.push(connectionId);
      else if (outcome === 'unfinished') unreached.push(connectionId);
      else report[outcome] += 1;
    });
    if (unreached.length > 0) {
      // Same attempt: these were never tried. If the requeue throws, the record fails and SQS
      // redelivers the whole job (duplicates are acceptable, losses are not).
      await this.deps.queue.requeue({ ...job, connectionIds: unreached }, 0);
      report.unfinished = unreached.length;
      this.deps.metrics.count('DeliveryUnfinished', unreached.length);
      log.warn('Invocation deadline reached; re-enqueued the connections not reached', {
        connections: unreached.length,
        attempt: job.attempt,
      });
    }
    // One data point per job, not per post: Powertools keeps every value until the flush.
    this.deps.metrics.count('Deliveries', report.delivered);
    if (stillFailing.length > 0) {
      const next: DeliveryJob = { ...job, connectionIds: stillFailing, attempt: job.attempt + 1 };
      if (next.attempt > this.deps.maxAttempts) {
        await this.deadLetter(next, report, log);
      } else {
        const delaySeconds = requeueDelaySeconds(next.attempt, this.requeueDelayCapSeconds, this.random);
        // If this throws, the record fails and SQS redelivers the whole job: duplicates to the ones
        // already served are acceptable (clients de-duplicate by messageId), losses are not.
        await this.deps.queue.requeue(next, delaySeconds);
        report.requeued = stillFailing.length;
        this.deps.metrics.count('DeliveryRequeued', stillFailing.length);
        log.info('Re-enqueued connections that still failed', {
          connections: stillFailing.length,
          attempt: next.attempt,
          delaySeconds,
        });
      }
    }
    return report;
  }

  private async postWithRetries(
    connectionId: string,
    data: Uint8Array,
    log: Log,
    deadline: number,
  ): Promise<Outcome> {
    for (let attempt = 1; ; attempt += 1) {
      if (this.now() >= deadline) return attempt === 1 ? 'unfinished' : 'failed';
      try {
        await this.inFlight.run(async () => {
          const started = this.now();
          await this.deps.gateway.post(connectionId, data);
          this.deps.metrics.deliveryLatency(this.now() - started);
        });
        return 'delivered';
      } catch (error) {
        const kind = classifyPostError(error);
        const details = { connectionId, error: describe(error), status: httpStatusOf(error) };
        if (kind === 'gone') {
          await this.forget(connectionId, log);
          return 'gone';
        }
        if (kind === 'rejected') {
          this.deps.metrics.count('DeliveryRejected');
          log.warn('Connection refused the frame; dropped', details);
          return 'rejected';
        }
        if (kind === 'throttled') this.deps.metrics.count('DeliveryThrottled');
        if (attempt >= this.postTries) {
          log.warn('Post still failing after in-process retries', { ...details, tries: attempt });
          return 'failed';
        }
        await this.sleep(fullJitterDelayMs(attempt, this.backoff, this.random));
      }
    }
  }

  /** 410: remove the RECIPIENT's rows (the connection we posted to), never the sender's. */
  private async forget(connectionId: string, log: Log): Promise<void> {
    this.deps.metrics.count('DeliveryGone');
    try {
      const deleted = await this.deps.directory.deleteConnection(connectionId);
      log.info('Connection gone; rows deleted', { connectionId, deleted });
    } catch (error) {
      // The delivery itself is settled; TTL removes the rows if this cleanup fails.
      log.warn('Connection gone; deleting its rows failed', { connectionId, error: describe(error) });
    }
  }

  private async deadLetter(job: DeliveryJob, report: DeliveryReport, log: Log): Promise<void> {
    await this.deps.queue.deadLetter(job, 'MAX_ATTEMPTS_EXCEEDED');
    report.deadLettered = job.connectionIds.length;
    this.deps.metrics.count('DeliveryDeadLettered', job.connectionIds.length);
    log.error('Delivery job dead-lettered after max attempts', {
      connections: job.connectionIds.length,
      attempt: job.attempt,
      maxAttempts: this.deps.maxAttempts,
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
