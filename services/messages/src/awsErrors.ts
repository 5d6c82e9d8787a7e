// Recognises AWS SDK v3 errors by `name` and `$metadata.httpStatusCode` rather than `instanceof`,
// because bundling can load a second copy of the SDK's error classes.

/** Error names DynamoDB uses when a request (or the account) is over its throughput. */
const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
]);

/** Per-item codes in TransactionCanceledException.CancellationReasons that mean throttling. */
const THROTTLING_REASON_CODES = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

export interface CancellationReasonLike {
  Code?: string | undefined;
  Message?: string | undefined;
}

function nameOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/** The reasons of a TransactionCanceledException, one per transaction item (empty otherwise). */
export function cancellationReasons(error: unknown): CancellationReasonLike[] {
  if (nameOf(error) !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: unknown }).CancellationReasons;
  return Array.isArray(reasons) ? (reasons as CancellationReasonLike[]) : [];
}

export function isTransactionCanceled(error: unknown): boolean {
  return nameOf(error) === 'TransactionCanceledException';
}

/** True when DynamoDB refused the request for capacity reasons; the client may retry later. */
export function isThrottlingError(error: unknown): boolean {
  const name = nameOf(error);
  if (name !== undefined && THROTTLING_NAMES.has(name)) return true;
  if (httpStatusOf(error) === 429) return true;
  return cancellationReasons(error).some((reason) => THROTTLING_REASON_CODES.has(reason.Code ?? ''));
}

/** A write's ConditionExpression did not hold (someone else wrote first). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return nameOf(error) === 'ConditionalCheckFailedException';
}
