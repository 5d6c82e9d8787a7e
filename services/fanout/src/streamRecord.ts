// Turns a messages-table stream record into the chat message to fan out. The event filter
// (NEW_MESSAGE_FILTER_PATTERN) already passes only INSERTs of kind "message"; we check again so a
// changed filter or a replayed batch can never fan out a dedup marker or an edit twice.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { MESSAGE_KIND } from '@chorus/keys';
import { chatMessageSchema, type ChatMessage } from '@chorus/protocol';
import type { DynamoDBRecord } from 'aws-lambda';
import { InvalidStreamRecordError } from './errors';

/**
 * The chat message of an INSERT record, or undefined for anything that must not be fanned out.
 * Attributes that are not part of the chat message (keys, kind) are dropped by the schema.
 */
export function messageFromStreamRecord(record: DynamoDBRecord): ChatMessage | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image === undefined) return undefined;
  let item: Record<string, unknown>;
  try {
    item = unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    throw new InvalidStreamRecordError(
      `Stream record ${record.dynamodb?.SequenceNumber ?? '?'} has an unreadable image: ${(error as Error).message}`,
    );
  }
  if (item['kind'] !== MESSAGE_KIND) return undefined;
  const parsed = chatMessageSchema.safeParse(item);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvalidStreamRecordError(
      `Stream record ${record.dynamodb?.SequenceNumber ?? '?'} holds an invalid chat message: ${issues}`,
    );
  }
  return parsed.data;
}
