// "Full jitter" from the AWS Architecture Blog (Exponential Backoff and Jitter): each delay is
// uniform in [0, min(cap, base * 2^(attempt-1))), so a crowd of clients dropped at the same moment
// (a deploy, a gateway blip) spreads its reconnects instead of arriving as one thundering herd.

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** Upper bound of the delay before reconnect attempt `attempt` (1 = first retry). */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** `random` returns a number in [0, 1), like Math.random; injected so tests can pin it. */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return Math.floor(random() * backoffCeilingMs(attempt, policy));
}
