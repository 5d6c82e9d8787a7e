// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
// the delay before retry `attempt` is uniform in [0, min(cap, base · 2^(attempt-1))). Full jitter
// spreads a herd of throttled workers (or of browsers dropped by one deploy) evenly instead of
// having them retry in lock-step. Randomness and sleep are injected so tests never wait.
//
// It lives here, with the wire protocol, because this is the package both ends import: the
// webapp's reconnect schedule (docs/protocol.md#reconnecting) and, through @chorus/lambda-kit,
// every Lambda's and local poller's retries.

export type Sleep = (ms: number) => Promise<void>;
/** A number in [0, 1), like Math.random. */
export type Random = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay, in ms. */
  readonly baseMs: number;
  /** Upper bound of any single delay, in ms. */
  readonly capMs: number;
}

/** Upper bound of the delay before retry `attempt` (1 = the first retry). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** The delay before retry `attempt` (1 = the first retry), in whole ms. */
export function fullJitterDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: Random = Math.random,
): number {
  return Math.floor(random() * backoffCeilingMs(attempt, policy));
}
