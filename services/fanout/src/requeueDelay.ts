// How long a delivery job waits on the queue before its next attempt. Full jitter like every
// other Chorus backoff (the kit's backoffCeilingMs), but in whole seconds, at least 1 s so a
// throttled gateway gets some air, and within what SQS's DelaySeconds accepts.
import { backoffCeilingMs, type Random } from '@chorus/lambda-kit';

/** SQS allows DelaySeconds 0-900. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** DelaySeconds for re-enqueueing a job about to make attempt `attempt` (2, 3, …), capped at `capSeconds`. */
export function requeueDelaySeconds(
  attempt: number,
  capSeconds: number,
  random: Random = Math.random,
): number {
  const cap = Math.min(capSeconds, SQS_MAX_DELAY_SECONDS);
  // Attempt 2 (the first requeue) has a ceiling of 2 s, doubling per attempt.
  const ceiling = backoffCeilingMs(attempt, { baseMs: 1, capMs: cap });
  return Math.max(1, Math.ceil(random() * ceiling));
}
