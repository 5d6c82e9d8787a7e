// The messages table: `pk`/`sk` strings, stream NEW_IMAGE.
//
//   chat message   pk = ROOM#<roomId>                               sk = <messageId ULID>
//   dedup marker   pk = DEDUP#<roomId>#<senderId>#<clientMsgId>     sk = DEDUP
//   send bucket    pk = RATE#<senderId>                             sk = SEND
//   history bucket pk = RATE#<userId>                               sk = HISTORY
//
// A room's partition holds only messages, so a history page ("before" / "after" an id) is one Query
// on sk. sendMessage writes the message and its dedup marker in one transaction conditioned on the
// marker not existing: a repeated clientMsgId from the same sender never makes a second message.
// Only items with kind = "message" pass the stream filter into the fan-out.
import { ROOM_PREFIX } from './connections';

export const DEDUP_PREFIX = 'DEDUP#';
export const DEDUP_SK = 'DEDUP';
export const MESSAGE_KIND = 'message';
export const DEDUP_KIND = 'dedup';
export const RATE_PREFIX = 'RATE#';
export const SEND_BUCKET_SK = 'SEND';
export const HISTORY_BUCKET_SK = 'HISTORY';
export const SEND_BUCKET_KIND = 'rate';

/**
 * A sender's send-rate bucket as GCRA: `tatMs`, when the bucket would be full again (see
 * services/messages/src/sendRateLimiter.ts). It expires by TTL once that time has passed, so only
 * active senders keep an item.
 */
export interface SendBucketItem {
  pk: string;
  sk: string;
  kind: typeof SEND_BUCKET_KIND;
  tatMs: number;
  ttl: number;
}

export function sendBucketKey(userKey: string): { pk: string; sk: string } {
  return { pk: `${RATE_PREFIX}${userKey}`, sk: SEND_BUCKET_SK };
}

/** The same GCRA bucket, counting history requests: a user's reads are bounded like its sends. */
export function historyBucketKey(userKey: string): { pk: string; sk: string } {
  return { pk: `${RATE_PREFIX}${userKey}`, sk: HISTORY_BUCKET_SK };
}

/** How long a clientMsgId is remembered: far longer than any client keeps an outbox. */
export const DEDUP_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface MessageItem {
  pk: string;
  sk: string;
  kind: typeof MESSAGE_KIND;
  roomId: string;
  messageId: string;
  clientMsgId: string;
  sender: string;
  /** The sender's user id (token `sub`); the dedup marker is keyed by it. */
  senderId: string;
  text: string;
  sentAt: string;
}

export interface DedupItem {
  pk: string;
  sk: string;
  kind: typeof DEDUP_KIND;
  messageId: string;
  sentAt: string;
  ttl: number;
}

export function roomMessagesPk(roomId: string): string {
  return `${ROOM_PREFIX}${roomId}`;
}

export function messageKey(roomId: string, messageId: string): { pk: string; sk: string } {
  return { pk: roomMessagesPk(roomId), sk: messageId };
}

/** Keyed by user id, not display name: a renamed user resending a clientMsgId still gets one message. */
export function dedupKey(roomId: string, senderId: string, clientMsgId: string): { pk: string; sk: string } {
  return { pk: `${DEDUP_PREFIX}${roomId}#${senderId}#${clientMsgId}`, sk: DEDUP_SK };
}

/**
 * The Lambda event filter that lets only new chat messages reach the dispatcher. serverless.yml
 * carries the same pattern; a unit test keeps the two equal.
 */
export const NEW_MESSAGE_FILTER_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { kind: { S: [MESSAGE_KIND] } } },
} as const;
