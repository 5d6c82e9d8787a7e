// How Lambda reads what a stream or SQS handler returned (docs/aws-behaviours.md#batch-responses).
// Pure, so each rule is unit-tested on its own.
import type { InvokeResult } from '../runtime/types';

export type BatchOutcome =
  | { kind: 'success' }
  /** Every record is to be retried: the function failed or the response was invalid. */
  | { kind: 'failure'; reason: string; functionError: boolean }
  /** Only these item identifiers failed (a non-empty, valid batchItemFailures list). */
  | { kind: 'partial'; failedIds: string[] };

/**
 * @param ids the item identifiers of the batch (messageIds for SQS, SequenceNumbers for streams)
 * @param reportBatchItemFailures whether the mapping has FunctionResponseTypes ReportBatchItemFailures
 */
export function interpretBatchResponse(
  invocation: InvokeResult,
  ids: readonly string[],
  reportBatchItemFailures: boolean,
): BatchOutcome {
  if (!invocation.ok) {
    return {
      kind: 'failure',
      reason: `${invocation.error.name}: ${invocation.error.message}`,
      functionError: true,
    };
  }
  if (!reportBatchItemFailures) return { kind: 'success' };
  const response = invocation.result;
  if (response === null || response === undefined) return { kind: 'success' };
  if (typeof response !== 'object' || Array.isArray(response)) {
    return invalid(`the response is not an object: ${JSON.stringify(response)}`);
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures)) return invalid('batchItemFailures is not a list');
  if (failures.length === 0) return { kind: 'success' };
  const known = new Set(ids);
  const failedIds: string[] = [];
  for (const failure of failures) {
    const id =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '')
      return invalid(`invalid itemIdentifier in ${JSON.stringify(failure)}`);
    if (!known.has(id)) return invalid(`itemIdentifier ${id} is not in the batch`);
    if (!failedIds.includes(id)) failedIds.push(id);
  }
  return { kind: 'partial', failedIds };
}

/** Streams retry from the lowest reported sequence number: the index of that record in the batch. */
export function streamCheckpointIndex(
  sequenceNumbers: readonly string[],
  failedIds: readonly string[],
): number {
  let lowest: bigint | undefined;
  for (const id of failedIds) {
    const value = BigInt(id);
    if (lowest === undefined || value < lowest) lowest = value;
  }
  if (lowest === undefined) return sequenceNumbers.length;
  const index = sequenceNumbers.findIndex((seq) => BigInt(seq) === lowest);
  return index < 0 ? 0 : index;
}

function invalid(reason: string): BatchOutcome {
  return { kind: 'failure', reason: `invalid batch response: ${reason}`, functionError: false };
}
