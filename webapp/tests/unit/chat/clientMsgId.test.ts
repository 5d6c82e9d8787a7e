import { CLIENT_MSG_ID_PATTERN } from '@chorus/protocol';
import { randomClientMsgId } from '../../../src/app/chat/client-msg-id';

describe('randomClientMsgId', () => {
  it('makes ids the server accepts, different each time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => randomClientMsgId()));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(id).toMatch(CLIENT_MSG_ID_PATTERN);
    }
  });
});
