// Posting frames to WebSocket connections (the @connections management API), and what each kind of
// failure means for delivery. Names and statuses are read by the kit's one AWS error rule.
import { errorName, httpStatusOf, isThrottlingError } from '@chorus/lambda-kit';

export interface ConnectionGateway {
  /** Sends `data` to one connection; rejects with the SDK's error on failure. */
  post(connectionId: string, data: Uint8Array): Promise<void>;
}

/**
 * - `gone`: 410, the connection no longer exists → forget its rows, never retry.
 * - `rejected`: 403 / 413 / other 4xx → retrying cannot help; log and drop.
 * - `throttled`: 429 LimitExceeded (account rate or the client's buffer) → retry with backoff.
 * - `transient`: 5xx or a network error (no HTTP status) → retry with backoff.
 */
export type PostFailureKind = 'gone' | 'rejected' | 'throttled' | 'transient';

/** Classifies a PostToConnection failure by the SDK error's `name`, then by its HTTP status. */
export function classifyPostError(error: unknown): PostFailureKind {
  const name = errorName(error);
  const status = httpStatusOf(error);
  if (name === 'GoneException' || status === 410) return 'gone';
  if (isThrottlingError(error)) return 'throttled';
  if (name === 'ForbiddenException' || name === 'PayloadTooLargeException') return 'rejected';
  if (status === undefined || status >= 500) return 'transient';
  return 'rejected';
}
