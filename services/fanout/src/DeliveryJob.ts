// A delivery job is one SQS message: the encoded `message` frame plus up to K connection ids that
// should receive it. The payload is encoded once by the dispatcher and posted verbatim, so every
// recipient gets byte-identical frames and workers never re-validate the chat message.
import { InvalidDeliveryJobError } from './errors';

export interface DeliveryJob {
  roomId: string;
  messageId: string;
  /** The sender's connection, for tracing only: it is a recipient like any other member. */
  senderConnectionId?: string;
  /** The encoded server frame, sent as is. */
  payload: string;
  connectionIds: string[];
  /** 1 for the dispatcher's job, +1 each time the connections that still failed are re-enqueued. */
  attempt: number;
}

/**
 * Largest job body we put on the queue. SQS accepts bigger messages today, but 256 KiB was the limit
 * for years and is still what some emulators enforce; jobs are cut well below it anyway.
 */
export const MAX_JOB_BYTES = 256 * 1024;

export function encodeDeliveryJob(job: DeliveryJob): string {
  const { roomId, messageId, senderConnectionId, payload, connectionIds, attempt } = job;
  return JSON.stringify({ roomId, messageId, senderConnectionId, payload, connectionIds, attempt });
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Parses an SQS body into a job; throws InvalidDeliveryJobError saying exactly what is wrong. */
export function parseDeliveryJob(body: string): DeliveryJob {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidDeliveryJobError(`Delivery job is not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidDeliveryJobError('Delivery job must be a JSON object');
  }
  const job = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['roomId', 'messageId', 'payload'] as const) {
    if (!isNonEmptyString(job[field])) problems.push(`${field} must be a non-empty string`);
  }
  if (job['senderConnectionId'] !== undefined && !isNonEmptyString(job['senderConnectionId'])) {
    problems.push('senderConnectionId must be a non-empty string when present');
  }
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
  const parsed: DeliveryJob = {
    roomId: job['roomId'] as string,
    messageId: job['messageId'] as string,
    payload: job['payload'] as string,
    connectionIds: ids as string[],
    attempt: attempt as number,
  };
  if (job['senderConnectionId'] !== undefined)
    parsed.senderConnectionId = job['senderConnectionId'] as string;
  return parsed;
}
