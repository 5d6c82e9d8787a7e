// Recognising AWS SDK v3 errors. v3 errors are classes named after the service's error type, with
// the HTTP status in `$metadata.httpStatusCode` (there is no `statusCode` as in v2), so we test
// `name` first and the status second, and never `instanceof` across package copies.

const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** Cancellation reasons that mean "try again later" rather than "your request is wrong". */
const RETRYABLE_CANCELLATION_CODES = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'TransactionConflict',
]);

interface AwsErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  CancellationReasons?: unknown;
}

function shape(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : {};
}

export function isThrottlingError(error: unknown): boolean {
  const { name, $metadata } = shape(error);
  return (typeof name === 'string' && THROTTLING_NAMES.has(name)) || $metadata?.httpStatusCode === 429;
}

export interface CancellationReason {
  Code?: string;
  Message?: string;
}

/** The per-item reasons of a TransactionCanceledException, or undefined for any other error. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  const { name, CancellationReasons } = shape(error);
  if (name !== 'TransactionCanceledException') return undefined;
  return Array.isArray(CancellationReasons) ? (CancellationReasons as CancellationReason[]) : [];
}

/** True when a cancelled transaction failed only for reasons a retry can fix. */
export function isRetryableCancellation(reasons: CancellationReason[]): boolean {
  return reasons.some((reason) => reason.Code !== undefined && RETRYABLE_CANCELLATION_CODES.has(reason.Code));
}
