// Deliveries are at-least-once and may overtake each other or a history page, so the timeline is
// rebuilt as a set keyed by messageId, ordered by id (ULIDs sort by time as plain strings).
import type { ChatMessage, MessageFrame } from '@chorus/protocol';

function byMessageId(a: ChatMessage, b: ChatMessage): number {
  return a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0;
}

/**
 * Merges `incoming` into `held` (ascending, unique). Returns `held` itself when nothing is new, so
 * a duplicate delivery does not wake the view.
 */
export function mergeMessages(
  held: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): readonly ChatMessage[] {
  const known = new Set(held.map((message) => message.messageId));
  const fresh = new Map<string, ChatMessage>();
  for (const message of incoming) {
    if (!known.has(message.messageId)) {
      fresh.set(message.messageId, message);
    }
  }
  if (fresh.size === 0) {
    return held;
  }
  const added = [...fresh.values()].sort(byMessageId);
  const newest = held[held.length - 1];
  const first = added[0];
  if (newest === undefined || (first !== undefined && first.messageId > newest.messageId)) {
    return [...held, ...added];
  }
  return [...held, ...added].sort(byMessageId);
}

/** A `message` frame minus its `type`, as kept in the store. */
export function toChatMessage(frame: MessageFrame): ChatMessage {
  const { roomId, messageId, clientMsgId, sender, senderId, text, sentAt } = frame;
  return { roomId, messageId, clientMsgId, sender, senderId, text, sentAt };
}
