// What the service needs from the messages table, independent of DynamoDB.
import type { ChatMessage } from '@chorus/protocol';

/** A message about to be written: exactly what clients will read back. */
export type NewMessage = ChatMessage;

export type SaveOutcome =
  | { status: 'created' }
  /** The same sender already sent this clientMsgId to this room: the original id and time. */
  | { status: 'duplicate'; messageId: string; sentAt: string };

/** Where a page starts: the newest messages, those older than an id, or those newer than an id. */
export type PageCursor =
  { kind: 'latest' } | { kind: 'before'; messageId: string } | { kind: 'after'; messageId: string };

export interface PageRequest {
  roomId: string;
  cursor: PageCursor;
  limit: number;
}

export interface MessagePage {
  /** Ascending by id, at most `limit`. */
  messages: ChatMessage[];
  /** More messages exist beyond this page in the direction asked for. */
  hasMore: boolean;
}

export interface MessageStore {
  /** Writes the message and its dedup marker atomically, or reports the original on a repeat. */
  saveOnce(message: NewMessage): Promise<SaveOutcome>;
  /** One page of a room's messages around the cursor. */
  readPage(request: PageRequest): Promise<MessagePage>;
}
