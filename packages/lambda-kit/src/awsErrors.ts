// The one rule for recognising AWS SDK v3 errors in Chorus. v3 errors are classes named after the
// service's error type with the HTTP status in `$metadata.httpStatusCode` (there is no v2-style
// `statusCode`), so we test `name` first and the status second, never `instanceof`: bundling can
// load a second copy of the SDK's error classes.

/** Error names AWS uses when a request (or the account) is over its rate or throughput. */
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  // API Gateway's management API (PostToConnection) and DynamoDB's control plane.
  'LimitExceededException',
]);

/** Per-item codes of TransactionCanceledException.CancellationReasons that mean throttling. */
const THROTTLING_REASON_CODES = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

export interface CancellationReason {
  Code?: string | undefined;
  Message?: string | undefined;
}

/** The SDK error's `name`, or undefined for anything that is not an object with a string name. */
export function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** HTTP status of an SDK v3 error (`$metadata.httpStatusCode`). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isTransactionCanceled(error: unknown): boolean {
  return errorName(error) === 'TransactionCanceledException';
}

/** The reasons of a TransactionCanceledException, one per transaction item; empty for any other error. */
export function cancellationReasons(error: unknown): CancellationReason[] {
  if (!isTransactionCanceled(error)) return [];
  const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
  return Array.isArray(reasons) ? (reasons as CancellationReason[]) : [];
}

/**
 * True when AWS refused the request for capacity reasons, so the same request may succeed later:
 * a throttling name, an HTTP 429, or a transaction cancelled because one of its items was throttled.
 */
export function isThrottlingError(error: unknown): boolean {
  const name = errorName(error);
  if (name !== undefined && THROTTLING_NAMES.has(name)) return true;
  if (httpStatusOf(error) === 429) return true;
  return cancellationReasons(error).some((reason) => THROTTLING_REASON_CODES.has(reason.Code ?? ''));
}

/**
 * True when a cancelled transaction failed only for reasons a retry can fix: throttling, or a
 * conflict with another transaction on the same item.
 */
export function isRetryableCancellation(reasons: CancellationReason[]): boolean {
  return reasons.some(
    (reason) => reason.Code === 'TransactionConflict' || THROTTLING_REASON_CODES.has(reason.Code ?? ''),
  );
}
