import { signal } from '@angular/core';
import type { OutgoingMessage } from '../../../src/app/chat/outbox';
import { RoomTimeline } from '../../../src/app/chat/room-timeline';
import { chatMessage, messageIdAt } from '../../support/messages';

function createTimeline() {
  const outgoing = signal<readonly OutgoingMessage[]>([]);
  return {
    timeline: new RoomTimeline(
      outgoing,
      () => 'ada',
      () => 'user-ada',
    ),
    outgoing,
  };
}

describe('RoomTimeline', () => {
  it('keeps messages in id order, once each, whatever order and however often they arrive', () => {
    const { timeline } = createTimeline();
    timeline.add([chatMessage(3), chatMessage(1)]);
    timeline.add([chatMessage(3), chatMessage(2)]);
    timeline.add([chatMessage(1)]);
    expect(timeline.messages().map((message) => message.messageId)).toEqual([1, 2, 3].map(messageIdAt));
    expect(timeline.oldest()?.messageId).toBe(messageIdAt(1));
    expect(timeline.newest()?.messageId).toBe(messageIdAt(3));
  });

  it('marks rows mine by sender id or by an ack of this session, never by name', () => {
    const { timeline } = createTimeline();
    timeline.add([
      chatMessage(1, { sender: 'ada', senderId: 'user-ada' }),
      chatMessage(2),
      chatMessage(3, { clientMsgId: 'c9' }),
      chatMessage(4, { sender: 'ada', senderId: 'user-another-ada' }),
    ]);
    timeline.markSentByMe('c9');
    expect(timeline.entries().map((entry) => [entry.mine, entry.status])).toEqual([
      [true, 'sent'],
      [false, 'received'],
      [true, 'sent'],
      [false, 'received'],
    ]);
  });

  it('lists unconfirmed sends after the confirmed messages, keyed apart from message ids', () => {
    const { timeline, outgoing } = createTimeline();
    timeline.add([chatMessage(1)]);
    outgoing.set([
      { clientMsgId: 'c1', text: 'one', status: 'pending' },
      { clientMsgId: 'c2', text: 'two', status: 'failed', failure: 'busy' },
    ]);
    expect(timeline.entries()).toEqual([
      expect.objectContaining({ key: messageIdAt(1), status: 'received' }),
      { key: 'outbox:c1', clientMsgId: 'c1', sender: 'ada', text: 'one', mine: true, status: 'pending' },
      {
        key: 'outbox:c2',
        clientMsgId: 'c2',
        sender: 'ada',
        text: 'two',
        mine: true,
        status: 'failed',
        failure: 'busy',
      },
    ]);
  });
});
