import type { ChatMessage, MessageFrame } from '@chorus/protocol';
import { ulidFloor } from '../../src/app/chat/catch-up-cursor';

const EPOCH_MS = Date.UTC(2026, 10, 28, 1, 0, 0);

/** A valid, time-ordered message id: message `n` is `n` seconds after a fixed epoch. */
export function messageIdAt(n: number): string {
  return ulidFloor(EPOCH_MS + n * 1000).slice(0, 10) + 'ABCDEFGHJKMNPQRS';
}

export function chatMessage(n: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    roomId: 'general',
    messageId: messageIdAt(n),
    clientMsgId: `other${n}`,
    sender: 'grace',
    senderId: 'user-grace',
    text: `message ${n}`,
    sentAt: new Date(EPOCH_MS + n * 1000).toISOString(),
    ...overrides,
  };
}

export function messageFrame(n: number, overrides: Partial<ChatMessage> = {}): MessageFrame {
  return { type: 'message', ...chatMessage(n, overrides) };
}
