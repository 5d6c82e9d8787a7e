import type { ChatMessage } from '@chorus/protocol';
import { fitPageToBytes, HISTORY_PAGE_MAX_BYTES } from '../../src/historyBudget';

function chat(n: number, text = `m${n}`): ChatMessage {
  return {
    roomId: 'lobby',
    messageId: `01JD${String(n).padStart(22, '0')}`,
    clientMsgId: `c-${n}`,
    sender: 'alice',
    senderId: 'user-alice',
    text,
    sentAt: '2026-11-28T01:00:00.000Z',
  };
}

const size = (message: ChatMessage) => Buffer.byteLength(JSON.stringify(message)) + 1;

describe('fitPageToBytes', () => {
  it('leaves a page that fits untouched', () => {
    const page = { messages: [chat(1), chat(2)], hasMore: false };
    expect(fitPageToBytes(page, 'newest')).toBe(page);
  });

  it('keeps the newest messages of a backward page and reports more', () => {
    const messages = [chat(1), chat(2), chat(3)];
    const budget = size(messages[1]!) + size(messages[2]!);
    expect(fitPageToBytes({ messages, hasMore: false }, 'newest', budget)).toEqual({
      messages: [chat(2), chat(3)],
      hasMore: true,
    });
  });

  it('keeps the oldest messages of a forward page and reports more', () => {
    const messages = [chat(1), chat(2), chat(3)];
    const budget = size(messages[0]!) + size(messages[1]!);
    expect(fitPageToBytes({ messages, hasMore: false }, 'oldest', budget)).toEqual({
      messages: [chat(1), chat(2)],
      hasMore: true,
    });
  });

  it('always keeps at least one message so paging advances', () => {
    expect(fitPageToBytes({ messages: [chat(1), chat(2)], hasMore: false }, 'oldest', 1)).toEqual({
      messages: [chat(1)],
      hasMore: true,
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    const wide = [chat(1, '€'.repeat(100)), chat(2, '€'.repeat(100))];
    // Enough for both if characters were counted, not enough for their bytes.
    const budget = size(wide[0]!) + JSON.stringify(wide[1]).length + 1;
    expect(fitPageToBytes({ messages: wide, hasMore: false }, 'oldest', budget).messages).toHaveLength(1);
  });

  it('cuts a page of 100 maximum-size messages below the gateway message limit', () => {
    const messages = Array.from({ length: 100 }, (_, i) => chat(i + 1, 'é'.repeat(4000)));
    const fitted = fitPageToBytes({ messages, hasMore: false }, 'newest');
    const bytes = Buffer.byteLength(JSON.stringify(fitted.messages));
    expect(bytes).toBeLessThanOrEqual(HISTORY_PAGE_MAX_BYTES);
    expect(fitted.messages.length).toBeLessThan(100);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    expect(fitted.hasMore).toBe(true);
  });

  it('handles an empty page', () => {
    expect(fitPageToBytes({ messages: [], hasMore: false }, 'newest')).toEqual({
      messages: [],
      hasMore: false,
    });
  });
});
