// Per-user send rate, as a token bucket kept in DynamoDB so it holds across Lambda containers:
// `burst` sends at once, refilled at `ratePerSecond`. Each send reads the bucket (consistent),
// refills it for the time passed and writes it back minus one token, conditioned on nobody having
// written it since (optimistic locking on `updatedAtMs`); a lost race re-reads and tries again.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SEND_BUCKET_KIND, sendBucketKey, type SendBucketItem } from '@chorus/keys';
import { isConditionalCheckFailed } from './awsErrors';

export interface SendRatePolicy {
  /** Tokens added per second (sustained sends per second). */
  ratePerSecond: number;
  /** Bucket size: sends allowed at once after a quiet spell. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SendRateLimiter {
  /** Takes one send token for `userKey`, or says how long until one is available. */
  take(userKey: string): Promise<RateDecision>;
}

export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

/** The bucket at `nowMs`: refilled for the time passed (none if the clock went back), capped at burst. */
export function refill(state: BucketState | undefined, nowMs: number, policy: SendRatePolicy): number {
  if (state === undefined) return policy.burst;
  const elapsedMs = Math.max(0, nowMs - state.updatedAtMs);
  return Math.min(policy.burst, state.tokens + (elapsedMs * policy.ratePerSecond) / 1000);
}

/** Milliseconds until `tokens` reaches one whole token (at least 1 ms when it has not). */
export function msUntilToken(tokens: number, policy: SendRatePolicy): number {
  if (tokens >= 1) return 0;
  // Rounded to the microsecond first, so float noise (0.99 tokens → 1.0000000000001 ms) adds no ms.
  const ms = Math.round((((1 - tokens) * 1000) / policy.ratePerSecond) * 1000) / 1000;
  return Math.max(1, Math.ceil(ms));
}

interface StoredBucket {
  exists: boolean;
  /** Absent when there is no item or it is damaged. */
  state?: BucketState;
}

export interface DynamoSendRateLimiterOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  policy: SendRatePolicy;
  now?: () => number;
  /** Read-modify-write attempts before a contended bucket answers "wait". */
  maxAttempts?: number;
}

export class DynamoSendRateLimiter implements SendRateLimiter {
  private readonly now: () => number;
  private readonly maxAttempts: number;

  public constructor(private readonly options: DynamoSendRateLimiterOptions) {
    const { ratePerSecond, burst } = options.policy;
    if (!(ratePerSecond > 0) || !Number.isInteger(burst) || burst < 1) {
      throw new RangeError(`send rate ${ratePerSecond}/s with burst ${burst}: both must be positive`);
    }
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  public async take(userKey: string): Promise<RateDecision> {
    const { policy } = this.options;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const stored = await this.read(userKey);
      const nowMs = this.now();
      const tokens = refill(stored.state, nowMs, policy);
      if (tokens < 1) return { allowed: false, retryAfterMs: msUntilToken(tokens, policy) };
      if (await this.write(userKey, stored, { tokens: tokens - 1, updatedAtMs: nowMs })) {
        return { allowed: true };
      }
    }
    // Other sends of the same user keep winning the race: that user is sending fast already.
    return { allowed: false, retryAfterMs: msUntilToken(0, policy) };
  }

  /** The stored bucket; a damaged item (not written by us) reads as a full bucket to overwrite. */
  private async read(userKey: string): Promise<StoredBucket> {
    const { Item } = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: sendBucketKey(userKey),
        ConsistentRead: true,
        ProjectionExpression: 'tokens, updatedAtMs',
      }),
    );
    if (Item === undefined) return { exists: false };
    const tokens = Item['tokens'];
    const updatedAtMs = Item['updatedAtMs'];
    if (typeof tokens !== 'number' || typeof updatedAtMs !== 'number' || !Number.isFinite(tokens)) {
      return { exists: true };
    }
    return { exists: true, state: { tokens, updatedAtMs } };
  }

  /** False when another write got in first. */
  private async write(userKey: string, stored: StoredBucket, next: BucketState): Promise<boolean> {
    const { policy } = this.options;
    // Expires once it would be full again anyway (plus a minute of slack for clock skew).
    const refillSeconds = Math.ceil(policy.burst / policy.ratePerSecond);
    const item: SendBucketItem = {
      ...sendBucketKey(userKey),
      kind: SEND_BUCKET_KIND,
      tokens: next.tokens,
      updatedAtMs: next.updatedAtMs,
      ttl: Math.ceil(next.updatedAtMs / 1000) + refillSeconds + 60,
    };
    const guard = !stored.exists
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : stored.state === undefined
        ? { ConditionExpression: 'attribute_exists(pk)' }
        : {
            ConditionExpression: 'updatedAtMs = :previous',
            ExpressionAttributeValues: { ':previous': stored.state.updatedAtMs },
          };
    try {
      await this.options.client.send(
        new PutCommand({ TableName: this.options.tableName, Item: item, ...guard }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
