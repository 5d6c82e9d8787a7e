// When an invocation that posts to connections (a delivery job, or a small room the dispatcher
// posts itself) must stop starting posts, so what it did not reach is handed on in time.
import type { Context } from 'aws-lambda';

/**
 * Time kept back from the invocation's end: one post may still take its 5 s request timeout, and
 * the re-enqueue of what was not reached must still fit before Lambda stops the function.
 */
export const DELIVERY_DEADLINE_RESERVE_MS = 6_000;

/** Epoch ms after which no post starts in this invocation. */
export function postDeadline(context: Pick<Context, 'getRemainingTimeInMillis'>, nowMs = Date.now()): number {
  return nowMs + context.getRemainingTimeInMillis() - DELIVERY_DEADLINE_RESERVE_MS;
}
