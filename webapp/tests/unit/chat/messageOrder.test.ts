import { mergeMessages } from '../../../src/app/chat/message-order';
import { chatMessage } from '../../support/messages';

describe('mergeMessages', () => {
  it('appends newer messages and sorts older or interleaved ones into place', () => {
    const held = [chatMessage(2), chatMessage(5)];
    expect(mergeMessages(held, [chatMessage(7), chatMessage(6)]).map((m) => m.text)).toEqual([
      'message 2',
      'message 5',
      'message 6',
      'message 7',
    ]);
    expect(mergeMessages(held, [chatMessage(3), chatMessage(1)]).map((m) => m.text)).toEqual([
      'message 1',
      'message 2',
      'message 3',
      'message 5',
    ]);
  });

  it('returns the same array when every incoming message is already held', () => {
    const held = [chatMessage(1), chatMessage(2)];
    expect(mergeMessages(held, [chatMessage(2), chatMessage(1)])).toBe(held);
  });

  it('collapses duplicates inside one batch', () => {
    expect(mergeMessages([], [chatMessage(4), chatMessage(4), chatMessage(3)]).map((m) => m.text)).toEqual([
      'message 3',
      'message 4',
    ]);
  });
});
