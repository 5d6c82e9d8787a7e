// The whole client state stack (ChatRooms → RoomStore → ChatSocket → rxjs webSocket) over a fake
// WebSocket, under fake time: what a reconnect looks like on the wire.
import { TestBed } from '@angular/core/testing';
import { RANDOM_SOURCE } from '../../../src/app/connection/socket-environment';
import { ChatRooms } from '../../../src/app/chat/chat-rooms';
import { CHAT_ROOM_OPTIONS, DEFAULT_CHAT_ROOM_OPTIONS } from '../../../src/app/chat/chat-options';
import { UserSession } from '../../../src/app/session/user-session';
import { fakeAppProviders, signedIn } from '../../support/app-providers';
import { FakeWebSocket } from '../../support/fake-web-socket';
import { chatMessage, messageFrame, messageIdAt } from '../../support/messages';

describe('ChatRooms over a reconnecting socket', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.instances = [];
    TestBed.configureTestingModule({
      providers: [
        ...fakeAppProviders(),
        { provide: RANDOM_SOURCE, useValue: () => 0.5 },
        { provide: CHAT_ROOM_OPTIONS, useValue: { ...DEFAULT_CHAT_ROOM_OPTIONS, catchUpOverlapMs: 0 } },
      ],
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('re-joins, resends the unacked message once with its clientMsgId, and catches up after a drop', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const room = TestBed.inject(ChatRooms).room('general');
    const first = FakeWebSocket.latest();
    first.acceptConnection();
    first.receive({ type: 'presence', roomId: 'general', users: ['ada'] });
    first.receive({
      type: 'history',
      roomId: 'general',
      messages: [chatMessage(1), chatMessage(2)],
      hasMore: false,
    });
    room.sendMessage('are you there?');
    const [sent] = first.sentActions('sendMessage');
    expect(sent).toMatchObject({ roomId: 'general', text: 'are you there?' });

    first.drop();
    jest.advanceTimersByTime(250); // attempt 1 with random 0.5: half of 500 ms
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    second.acceptConnection();
    expect(second.sentFrames()).toEqual([{ action: 'joinRoom', roomId: 'general' }]);

    second.receive({ type: 'presence', roomId: 'general', users: ['ada', 'grace'] });
    expect(second.sentActions('sendMessage')).toEqual([sent]);
    expect(second.sentActions('history')).toEqual([
      { action: 'history', roomId: 'general', after: messageIdAt(2), limit: 50 },
    ]);

    const clientMsgId = String(sent?.['clientMsgId']);
    second.receive({ type: 'ack', roomId: 'general', clientMsgId, messageId: messageIdAt(4), sentAt: 'now' });
    second.receive({
      type: 'history',
      roomId: 'general',
      messages: [chatMessage(3)],
      hasMore: false,
      after: messageIdAt(2),
    });
    second.receive(messageFrame(4, { clientMsgId, sender: 'ada', text: 'are you there?' }));
    second.receive(messageFrame(3));

    expect(room.timeline().map((entry) => [entry.text, entry.status])).toEqual([
      ['message 1', 'received'],
      ['message 2', 'received'],
      ['message 3', 'received'],
      ['are you there?', 'sent'],
    ]);
  });
});
