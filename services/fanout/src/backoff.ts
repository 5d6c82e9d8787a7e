// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
// delay = random(0, min(cap, base · 2^retry)). Full jitter spreads a herd of throttled workers
// evenly instead of having them retry in lock-step. Sleep and randomness are injected so tests
// never wait on the wall clock.

export type Sleep = (ms: number) => Promise<void>;
export type Random = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** Upper bound of any single delay, in ms. */
  capMs: number;
}

/** Delay before retry number `retry` (0 = first retry). */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: Random = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/** SQS allows DelaySeconds 0-900. */
export const SQS_MAX_DELAY_SECONDS = 900;

/**
 * DelaySeconds for re-enqueueing a delivery job that is about to make attempt `attempt` (2, 3, …):
 * full jitter over 2^(attempt-1) seconds, capped at `capSeconds`, at least 1 s so a throttled
 * gateway gets some air.
 */
export function requeueDelaySeconds(
  attempt: number,
  capSeconds: number,
  random: Random = Math.random,
): number {
  const cap = Math.min(capSeconds, SQS_MAX_DELAY_SECONDS);
  const ceiling = Math.min(cap, 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(random() * ceiling));
}
