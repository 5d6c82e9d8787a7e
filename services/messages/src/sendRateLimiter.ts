// Per-user send rate, kept in DynamoDB so it holds across Lambda containers: `burst` sends at
// once, then `ratePerSecond`. Stored as GCRA (the token bucket as one timestamp): `tatMs`, the
// time at which the bucket would be full again. A send is allowed while tatMs − now stays within
// (burst − 1) intervals, and pushes tatMs one interval further. Both steps are single conditional
// UpdateItems (no read-modify-write), so concurrent sends of one user never lose an update and
// never refuse each other: each one either moves tatMs atomically or finds the bucket empty.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SEND_BUCKET_KIND, sendBucketKey } from '@chorus/keys';

/** Where a user's bucket lives: sendBucketKey by default, historyBucketKey for history reads. */
export type BucketKey = (userKey: string) => { pk: string; sk: string };
import { errorName } from '@chorus/lambda-kit';

export interface SendRatePolicy {
  /** Sustained sends per second. */
  ratePerSecond: number;
  /** Sends allowed at once after a quiet spell. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SendRateLimiter {
  /** Takes one send for `userKey`, or says how long until one is allowed. */
  take(userKey: string): Promise<RateDecision>;
}

/** Milliseconds between two sends at the sustained rate. */
export function intervalMs(policy: SendRatePolicy): number {
  return 1000 / policy.ratePerSecond;
}

/**
 * The latest `tatMs` at which a send at `nowMs` is still allowed: `burst − 1` intervals ahead
 * (a full bucket has tatMs ≤ now).
 */
export function latestAllowedTat(nowMs: number, policy: SendRatePolicy): number {
  return nowMs + (policy.burst - 1) * intervalMs(policy);
}

/** How long a refused send waits: until tatMs is back within the allowance (at least 1 ms). */
export function retryAfterMs(tatMs: number, nowMs: number, policy: SendRatePolicy): number {
  // Rounded to the microsecond first, so float noise (100.0000000001 ms) adds no millisecond.
  const ms = Math.round((tatMs - latestAllowedTat(nowMs, policy)) * 1000) / 1000;
  return Math.max(1, Math.ceil(ms));
}

export interface DynamoSendRateLimiterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  policy: SendRatePolicy;
  /** The bucket's item (default: the send bucket); one limiter class for every per-user rate. */
  bucketKey?: BucketKey;
  now?: () => number;
  /** Rounds of (idle update, busy update, read) before giving up; time passing is the only cause. */
  maxAttempts?: number;
}

/** Users remembered at most per container; the oldest goes first. */
export const RECENT_BUCKETS_MAX = 10_000;

/** Each user's tatMs as this container last saw it (bounded). */
export class RecentBuckets {
  private readonly tats = new Map<string, number>();

  public constructor(private readonly maxUsers = RECENT_BUCKETS_MAX) {}

  /** Whether the bucket was partly used (tatMs ahead of now) when last seen. */
  public wasBusy(userKey: string, nowMs: number): boolean {
    return (this.tats.get(userKey) ?? -Infinity) > nowMs;
  }

  public remember(userKey: string, tatMs: number): void {
    this.tats.delete(userKey);
    if (this.tats.size >= this.maxUsers) this.tats.delete(this.tats.keys().next().value as string);
    this.tats.set(userKey, tatMs);
  }
}

export class DynamoSendRateLimiter implements SendRateLimiter {
  private readonly now: () => number;
  private readonly maxAttempts: number;
  private readonly bucketKey: BucketKey;
  /** This container's last sight of each user's bucket: which step to try first. */
  private readonly recent = new RecentBuckets();

  public constructor(private readonly options: DynamoSendRateLimiterOptions) {
    this.bucketKey = options.bucketKey ?? sendBucketKey;
    const { ratePerSecond, burst } = options.policy;
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond) || !Number.isInteger(burst) || burst < 1) {
      throw new RangeError(`send rate ${ratePerSecond}/s with burst ${burst}: both must be positive`);
    }
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  public async take(userKey: string): Promise<RateDecision> {
    const { policy } = this.options;
    let tatMs: number | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const nowMs = this.now();
      // A user who sent a moment ago has a partly used bucket: the push is the step that holds,
      // so it goes first and a chat's back-and-forth costs one UpdateItem a send, not two. The
      // memory is only a guess (another container may have moved the bucket); a wrong guess
      // costs the other step, as before.
      const steps = this.recent.wasBusy(userKey, nowMs)
        ? [() => this.pushFurther(userKey, nowMs), () => this.startFromFull(userKey, nowMs)]
        : [() => this.startFromFull(userKey, nowMs), () => this.pushFurther(userKey, nowMs)];
      for (const step of steps) {
        const taken = await step();
        if (taken !== undefined) {
          this.recent.remember(userKey, taken);
          return { allowed: true };
        }
      }
      tatMs = await this.readTat(userKey);
      if (tatMs !== undefined && tatMs > latestAllowedTat(nowMs, policy)) {
        this.recent.remember(userKey, tatMs);
        return { allowed: false, retryAfterMs: retryAfterMs(tatMs, nowMs, policy) };
      }
      // Neither condition held a moment ago but the bucket is not empty now: time moved on
      // between the calls (or the item expired); go round again.
    }
    return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(intervalMs(policy))) };
  }

  /** The bucket is full (no item, tatMs in the past, or a damaged item): tatMs = now + 1 interval. */
  private async startFromFull(userKey: string, nowMs: number): Promise<number | undefined> {
    const next = nowMs + intervalMs(this.options.policy);
    const taken = await this.update(userKey, {
      UpdateExpression: 'SET tatMs = :next, kind = :kind, #ttl = :ttl',
      ConditionExpression:
        'attribute_not_exists(tatMs) OR NOT attribute_type(tatMs, :number) OR tatMs <= :now',
      ExpressionAttributeValues: { ':next': next, ':now': nowMs, ':number': 'N', ':kind': SEND_BUCKET_KIND },
    });
    return taken === undefined ? undefined : next;
  }

  /** The bucket is partly used but not empty: tatMs += 1 interval, atomically. */
  private async pushFurther(userKey: string, nowMs: number): Promise<number | undefined> {
    const taken = await this.update(userKey, {
      UpdateExpression: 'SET tatMs = tatMs + :interval, #ttl = :ttl',
      ConditionExpression: 'tatMs > :now AND tatMs <= :latest',
      ExpressionAttributeValues: {
        ':interval': intervalMs(this.options.policy),
        ':now': nowMs,
        ':latest': latestAllowedTat(nowMs, this.options.policy),
      },
    });
    if (taken === undefined) return undefined;
    // The new tatMs as stored; at least one interval from now whatever the answer carried.
    const stored = taken['tatMs'];
    return typeof stored === 'number' ? stored : nowMs + intervalMs(this.options.policy);
  }

  private async update(
    userKey: string,
    expression: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<Record<string, unknown> | undefined> {
    const nowMs = this.now();
    // The item can go once the bucket would be full again: at most burst intervals ahead, plus a
    // minute of slack for clock skew between containers.
    const ttl =
      Math.ceil((latestAllowedTat(nowMs, this.options.policy) + intervalMs(this.options.policy)) / 1000) + 60;
    try {
      const { Attributes = {} } = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: this.bucketKey(userKey),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: expression.ConditionExpression,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':ttl': ttl },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes;
    } catch (error) {
      // Neither this step's condition: the caller tries the other step.
      if (errorName(error) === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  private async readTat(userKey: string): Promise<number | undefined> {
    const { Item } = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: this.bucketKey(userKey),
        ConsistentRead: true,
        ProjectionExpression: 'tatMs',
      }),
    );
    const tatMs = Item?.['tatMs'];
    return typeof tatMs === 'number' ? tatMs : undefined;
  }
}
