// Delivery worker core: post one job's payload to its connections with at most `inFlight` calls
// pending, settle each connection (delivered / gone / rejected / still failing), and hand the ones
// still failing to a NEW job with attempt+1 — never re-posting to a connection that succeeded.
// It keeps to the invocation's deadline: near it, it starts no more posts and hands the
// connections it did not get to to a new job at the same attempt, rather than being killed
// mid-job (which would redeliver the whole job, after the visibility timeout, to everyone).
import {
  fullJitterDelay,
  realSleep,
  requeueDelaySeconds,
  type BackoffPolicy,
  type Random,
  type Sleep,
} from './backoff';
import type { ConnectionDirectory } from './ConnectionDirectory';
import { classifyPostError, httpStatusOf, type ConnectionGateway } from './ConnectionGateway';
import type { DeliveryJob } from './DeliveryJob';
import type { DeliveryQueue } from './DeliveryQueue';
import { DeadlineReachedError } from './errors';
import { Semaphore, forEachWithLimit } from './pool';
import type { FanoutMetrics, Log } from './telemetry';

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
  /**
   * Time kept back at the end of an invocation for re-enqueueing what is left (one SendMessage)
   * and reporting the batch; no post starts, and no backoff sleep runs, inside it.
   */
  deadlineReserveMs?: number;
  sleep?: Sleep;
  random?: Random;
  now?: () => number;
}

/** How long the invocation still has (context.getRemainingTimeInMillis in Lambda). */
export interface Deadline {
  remainingMs(): number;
}

/** No deadline: for callers outside an invocation. */
export const NO_DEADLINE: Deadline = { remainingMs: () => Number.POSITIVE_INFINITY };

export interface DeliveryReport {
  delivered: number;
  gone: number;
  rejected: number;
  requeued: number;
  deadLettered: number;
  /** Not attempted before the deadline; re-enqueued at the same attempt. */
  deferred: number;
}

/** `deferred`: the deadline came before this connection could be (re)tried. */
type Outcome = 'delivered' | 'gone' | 'rejected' | 'failed' | 'deferred';

export class DeliveryWorker {
  private readonly postTries: number;
  private readonly backoff: BackoffPolicy;
  private readonly requeueDelayCapSeconds: number;
  private readonly sleep: Sleep;
  private readonly random: Random;
  private readonly now: () => number;
  private readonly inFlight: Semaphore;
  private readonly deadlineReserveMs: number;

  public constructor(private readonly deps: DeliveryWorkerDeps) {
    this.postTries = deps.postTries ?? 3;
    this.backoff = deps.backoff ?? { baseMs: 100, capMs: 1000 };
    this.requeueDelayCapSeconds = deps.requeueDelayCapSeconds ?? 60;
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.inFlight = new Semaphore(deps.inFlight);
    this.deadlineReserveMs = deps.deadlineReserveMs ?? 3000;
  }

  /**
   * Throws DeadlineReachedError, having posted nothing, when the invocation is already inside its
   * reserve: the caller reports the record as a batch item failure and SQS redelivers it whole.
   */
  public async deliver(
    job: DeliveryJob,
    log: Log,
    deadline: Deadline = NO_DEADLINE,
  ): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      delivered: 0,
      gone: 0,
      rejected: 0,
      requeued: 0,
      deadLettered: 0,
      deferred: 0,
    };
    if (job.attempt > this.deps.maxAttempts) {
      await this.deadLetter(job, report, log);
      return report;
    }
    if (this.pastDeadline(deadline)) {
      throw new DeadlineReachedError(
        `${deadline.remainingMs()} ms left, within the ${this.deadlineReserveMs} ms reserve: job not started`,
      );
    }
    const data = Buffer.from(job.payload, 'utf8');
    const stillFailing: string[] = [];
    const deferred: string[] = [];
    await forEachWithLimit(job.connectionIds, this.deps.inFlight, async (connectionId) => {
      const outcome = await this.postWithRetries(connectionId, data, log, deadline);
      if (outcome === 'failed') stillFailing.push(connectionId);
      else if (outcome === 'deferred') deferred.push(connectionId);
      else report[outcome] += 1;
    });
    // One data point per job, not per post: Powertools keeps every value until the flush.
    this.deps.metrics.count('Deliveries', report.delivered);
    if (deferred.length > 0) {
      // Same attempt: these connections did not fail, they were not reached. No delay: nothing
      // suggests the gateway needs air. If this throws, the record fails and SQS redelivers it.
      await this.deps.queue.requeue({ ...job, connectionIds: deferred }, 0);
      report.deferred = deferred.length;
      this.deps.metrics.count('DeliveryDeferred', deferred.length);
      log.warn('Deadline near: re-enqueued the connections not reached', {
        connections: deferred.length,
        attempt: job.attempt,
        remainingMs: deadline.remainingMs(),
      });
    }
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

  private pastDeadline(deadline: Deadline, waitMs = 0): boolean {
    return deadline.remainingMs() - waitMs <= this.deadlineReserveMs;
  }

  private async postWithRetries(
    connectionId: string,
    data: Uint8Array,
    log: Log,
    deadline: Deadline,
  ): Promise<Outcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const posted = await this.inFlight.run(async () => {
          // Checked once the slot is ours: waiting for it may have taken the time that was left.
          if (this.pastDeadline(deadline)) return false;
          const started = this.now();
          await this.deps.gateway.post(connectionId, data);
          this.deps.metrics.deliveryLatency(this.now() - started);
          return true;
        });
        return posted ? 'delivered' : 'deferred';
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
        const delayMs = fullJitterDelay(attempt - 1, this.backoff, this.random);
        // A retry that could only start inside the reserve waits for the next invocation instead.
        if (this.pastDeadline(deadline, delayMs)) return 'deferred';
        await this.sleep(delayMs);
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
