// What travels on the delivery queue. A delivery job is the encoded `message` frame plus up to K
// connection ids that should receive it; the payload is encoded once by the dispatcher and posted
// verbatim, so every recipient gets byte-identical frames and workers never re-validate it.
// An expand job hands the rest of one huge room shard to a worker, which pages it from `cursor`
// and enqueues the delivery jobs itself (see Dispatcher / RoomExpander).
import { InvalidDeliveryJobError } from './errors';
import { encodeQueueBody } from './queueBody';

export interface DeliveryJob {
  roomId: string;
  messageId: string;
  /** The encoded server frame, sent as is. */
  payload: string;
  connectionIds: string[];
  /** 1 for the dispatcher's job, +1 each time the connections that still failed are re-enqueued. */
  attempt: number;
}

/** DynamoDB's LastEvaluatedKey of a room-shard Query: where paging resumes. */
export type ShardCursor = Record<string, string>;

export interface ExpandJob {
  kind: 'expand';
  roomId: string;
  messageId: string;
  payload: string;
  shard: number;
  /** Resume paging after this key; absent = from the start of the shard. */
  cursor?: ShardCursor;
}

export type QueueJob = DeliveryJob | ExpandJob;

export function isExpandJob(job: QueueJob): job is ExpandJob {
  return 'kind' in job && job.kind === 'expand';
}

/**
 * Largest job body we put on the queue. SQS accepts bigger messages today, but 256 KiB was the limit
 * for years and is still what some emulators enforce; jobs are cut well below it anyway.
 */
export const MAX_JOB_BYTES = 256 * 1024;

/** The SQS body of a delivery job: printable ASCII whatever the text (see queueBody.ts). */
export function encodeDeliveryJob(job: DeliveryJob): string {
  const { roomId, messageId, payload, connectionIds, attempt } = job;
  return encodeQueueBody({ roomId, messageId, payload, connectionIds, attempt });
}

export function encodeQueueJob(job: QueueJob): string {
  if (!isExpandJob(job)) return encodeDeliveryJob(job);
  const { kind, roomId, messageId, payload, shard, cursor } = job;
  return encodeQueueBody({ kind, roomId, messageId, payload, shard, cursor });
}

/** Bytes one connection id adds to an encoded job's `connectionIds` (the id and its comma). */
export function encodedIdBytes(connectionId: string): number {
  return encodeQueueBody(connectionId).length + 1;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function parseObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidDeliveryJobError(`Delivery job is not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidDeliveryJobError('Delivery job must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Problems with the fields both kinds share. */
function commonProblems(job: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of ['roomId', 'messageId', 'payload'] as const) {
    if (!isNonEmptyString(job[field])) problems.push(`${field} must be a non-empty string`);
  }
  return problems;
}

function toDeliveryJob(job: Record<string, unknown>): DeliveryJob {
  const problems = commonProblems(job);
  const ids = job['connectionIds'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isNonEmptyString)) {
    problems.push('connectionIds must be a non-empty array of non-empty strings');
  }
  const attempt = job['attempt'];
  if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 1) {
    problems.push('attempt must be an integer ≥ 1');
  }
  if (problems.length > 0) {
    throw new InvalidDeliveryJobError(`Invalid delivery job: ${problems.join('; ')}`);
  }
  // Fields we do not know (a job enqueued by an older version) are dropped, not refused.
  return {
    roomId: job['roomId'] as string,
    messageId: job['messageId'] as string,
    payload: job['payload'] as string,
    connectionIds: ids as string[],
    attempt: attempt as number,
  };
}

function isCursor(value: unknown): value is ShardCursor {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((part) => typeof part === 'string')
  );
}

function toExpandJob(job: Record<string, unknown>): ExpandJob {
  const problems = commonProblems(job);
  const shard = job['shard'];
  if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 0) {
    problems.push('shard must be an integer ≥ 0');
  }
  if (job['cursor'] !== undefined && !isCursor(job['cursor'])) {
    problems.push('cursor must be an object of string key attributes when present');
  }
  if (problems.length > 0) {
    throw new InvalidDeliveryJobError(`Invalid expand job: ${problems.join('; ')}`);
  }
  const parsed: ExpandJob = {
    kind: 'expand',
    roomId: job['roomId'] as string,
    messageId: job['messageId'] as string,
    payload: job['payload'] as string,
    shard: shard as number,
  };
  if (job['cursor'] !== undefined) parsed.cursor = job['cursor'] as ShardCursor;
  return parsed;
}

/** Parses an SQS body into a delivery job; throws InvalidDeliveryJobError saying what is wrong. */
export function parseDeliveryJob(body: string): DeliveryJob {
  return toDeliveryJob(parseObject(body));
}

/** Parses any job on the delivery queue (delivery or expand). */
export function parseQueueJob(body: string): QueueJob {
  const job = parseObject(body);
  if (job['kind'] === undefined) return toDeliveryJob(job);
  if (job['kind'] === 'expand') return toExpandJob(job);
  throw new InvalidDeliveryJobError(`Unknown job kind ${JSON.stringify(job['kind'])}`);
}
