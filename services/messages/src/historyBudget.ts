// A history page must fit in one API Gateway message (128 KB), but 100 messages of 4000
// characters can be over a megabyte. Pages are therefore cut by size too: the part next to the
// cursor is kept and `hasMore` is set, so the client's next request continues exactly where this
// page stopped (no message is skipped in either direction).
import { MESSAGE_MAX_BYTES, utf8Length, type ChatMessage } from '@chorus/protocol';
import type { MessagePage } from './messageStore';

/** Room left for the frame around the messages: type, roomId, cursor, hasMore. */
const ENVELOPE_BYTES = 1024;
export const HISTORY_PAGE_MAX_BYTES = MESSAGE_MAX_BYTES - ENVELOPE_BYTES;

/** Which end of an ascending page lies next to the cursor. */
export type PageAnchor = 'oldest' | 'newest';

function encodedSize(message: ChatMessage): number {
  // +1 for the comma between array elements.
  return utf8Length(JSON.stringify(message)) + 1;
}

/**
 * Keeps the longest run of messages, starting at the anchor end, whose JSON fits in `maxBytes`.
 * At least one message is always kept (one message is far below the limit), so paging advances.
 */
export function fitPageToBytes(
  page: MessagePage,
  anchor: PageAnchor,
  maxBytes: number = HISTORY_PAGE_MAX_BYTES,
): MessagePage {
  const fromAnchor = anchor === 'oldest' ? page.messages : [...page.messages].reverse();
  let used = 0;
  let kept = 0;
  for (const message of fromAnchor) {
    used += encodedSize(message);
    if (used > maxBytes && kept > 0) break;
    kept += 1;
  }
  if (kept === page.messages.length) return page;
  const messages = anchor === 'oldest' ? page.messages.slice(0, kept) : page.messages.slice(-kept);
  return { messages, hasMore: true };
}
