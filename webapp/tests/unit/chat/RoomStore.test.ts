import { asyncScheduler } from 'rxjs';
import type { ChatMessage, HistoryPageFrame } from '@chorus/protocol';
import { catchUpCursor } from '../../../src/app/chat/catch-up-cursor';
import type { ChatRoomOptions } from '../../../src/app/chat/chat-options';
import { FORBIDDEN_NOTICE, REMOVED_NOTICE, RoomStore } from '../../../src/app/chat/room-store';
import { FakeRoomSocket } from '../../support/fake-room-socket';
import { chatMessage, messageFrame, messageIdAt } from '../../support/messages';

const OPTIONS: ChatRoomOptions = {
  ackTimeoutMs: 10_000,
  historyPageSize: 50,
  catchUpOverlapMs: 0,
  presenceRefreshMs: 20_000,
  rejoinDelayMs: 2_000,
};

function createRoom(options: Partial<ChatRoomOptions> = {}): { room: RoomStore; socket: FakeRoomSocket } {
  const socket = new FakeRoomSocket();
  let nextId = 0;
  const room = new RoomStore('general', {
    socket,
    scheduler: asyncScheduler,
    options: { ...OPTIONS, ...options },
    newClientMsgId: () => `c${(nextId += 1)}`,
    userId: () => 'user-ada',
    userName: () => 'ada',
  });
  room.start();
  return { room, socket };
}

/** The socket opens and the server answers joinRoom with the room's presence. */
function connectAndJoin(socket: FakeRoomSocket, users: string[] = ['ada']): void {
  socket.open();
  socket.serverSends({ type: 'presence', roomId: 'general', users });
}

function page(
  messages: ChatMessage[],
  hasMore: boolean,
  cursor: Partial<HistoryPageFrame> = {},
): HistoryPageFrame {
  return { type: 'history', roomId: 'general', messages, hasMore, ...cursor };
}

function ack(clientMsgId: string, n: number) {
  return {
    type: 'ack' as const,
    roomId: 'general',
    clientMsgId,
    messageId: messageIdAt(n),
    sentAt: new Date().toISOString(),
  };
}

describe('RoomStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('joins when the socket opens and loads the latest page once joined', () => {
    const { room, socket } = createRoom();
    socket.open();
    expect(socket.sent).toEqual([{ action: 'joinRoom', roomId: 'general' }]);

    socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada', 'grace'] });
    expect(room.users()).toEqual(['ada', 'grace']);
    expect(socket.sentOf('history')).toEqual([{ action: 'history', roomId: 'general', limit: 50 }]);
  });

  describe('ordering and de-duplication', () => {
    it('keeps messages in id order, once each, whatever order and however often they arrive', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);

      for (const n of [3, 1, 3, 2, 5, 1, 4, 5]) {
        socket.serverSends(messageFrame(n));
      }
      socket.serverSends(
        page([chatMessage(2), chatMessage(3), chatMessage(6)], false, { after: messageIdAt(1) }),
      );

      expect(room.messages().map((message) => message.text)).toEqual([
        'message 1',
        'message 2',
        'message 3',
        'message 4',
        'message 5',
        'message 6',
      ]);
    });

    it('ignores frames of other rooms', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends(messageFrame(1, { roomId: 'random' }));
      expect(room.messages()).toEqual([]);
    });
  });

  describe('outbox', () => {
    it('queues a message while disconnected and sends it once, after the re-join', () => {
      const { room, socket } = createRoom();
      expect(room.sendMessage('hello')).toBe(true);
      expect(room.timeline()).toEqual([
        expect.objectContaining({ text: 'hello', status: 'pending', mine: true, clientMsgId: 'c1' }),
      ]);
      expect(socket.sent).toEqual([]);

      socket.open();
      expect(socket.sentOf('sendMessage')).toEqual([]);
      socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada'] });

      expect(socket.sentOf('sendMessage')).toEqual([
        { action: 'sendMessage', roomId: 'general', clientMsgId: 'c1', text: 'hello' },
      ]);
    });

    it('marks a message sent on ack and shows it once when the delivery follows', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');

      socket.serverSends(ack('c1', 7));
      expect(room.timeline()).toEqual([
        expect.objectContaining({ key: messageIdAt(7), text: 'hello', status: 'sent', sender: 'ada' }),
      ]);

      socket.serverSends(messageFrame(7, { clientMsgId: 'c1', sender: 'ada', text: 'hello' }));
      socket.serverSends(messageFrame(7, { clientMsgId: 'c1', sender: 'ada', text: 'hello' }));
      expect(room.timeline()).toHaveLength(1);
      expect(room.timeline()[0]).toMatchObject({ status: 'sent', mine: true });
    });

    it('settles a message whose delivery overtakes its ack', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');

      socket.serverSends(messageFrame(7, { clientMsgId: 'c1', sender: 'ada', text: 'hello' }));
      socket.serverSends(ack('c1', 7));

      expect(room.timeline()).toEqual([expect.objectContaining({ key: messageIdAt(7), status: 'sent' })]);
    });

    it('resends an unacked message after a reconnect with the same clientMsgId', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');
      socket.drop();
      expect(room.timeline()[0]).toMatchObject({ status: 'pending' });

      jest.advanceTimersByTime(OPTIONS.ackTimeoutMs * 3);
      expect(room.timeline()[0]).toMatchObject({ status: 'pending' });
      connectAndJoin(socket);

      const sends = socket.sentOf('sendMessage');
      expect(sends.map((frame) => frame.clientMsgId)).toEqual(['c1', 'c1']);
      socket.serverSends(ack('c1', 8));
      expect(room.timeline()).toEqual([expect.objectContaining({ status: 'sent', text: 'hello' })]);
    });

    it('marks a message failed on an error frame and retries it with the same clientMsgId', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');

      socket.serverSends({
        type: 'error',
        code: 'THROTTLED',
        message: 'Slow down',
        requestId: 'req-1',
        action: 'sendMessage',
        clientMsgId: 'c1',
      });
      expect(room.timeline()).toEqual([expect.objectContaining({ status: 'failed', failure: 'Slow down' })]);

      room.retry('c1');
      expect(room.timeline()[0]).toMatchObject({ status: 'pending' });
      expect(socket.sentOf('sendMessage').map((frame) => frame.clientMsgId)).toEqual(['c1', 'c1']);
      socket.serverSends(ack('c1', 9));
      expect(room.timeline()[0]).toMatchObject({ status: 'sent' });
    });

    it('waits retryAfterMs on RATE_LIMITED and sends the same message again, still pending', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');

      socket.serverSends({
        type: 'error',
        code: 'RATE_LIMITED',
        message: 'Sending too fast',
        requestId: 'req-1',
        action: 'sendMessage',
        clientMsgId: 'c1',
        roomId: 'general',
        retryAfterMs: 700,
      });
      expect(room.timeline()[0]).toMatchObject({ status: 'pending' });
      jest.advanceTimersByTime(699);
      expect(socket.sentOf('sendMessage')).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(socket.sentOf('sendMessage').map((frame) => frame.clientMsgId)).toEqual(['c1', 'c1']);
      socket.serverSends(ack('c1', 9));
      expect(room.timeline()[0]).toMatchObject({ status: 'sent' });
    });

    it('marks a message failed when no ack comes in time', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      room.sendMessage('hello');

      jest.advanceTimersByTime(OPTIONS.ackTimeoutMs - 1);
      expect(room.timeline()[0]).toMatchObject({ status: 'pending' });
      jest.advanceTimersByTime(1);
      expect(room.timeline()[0]).toMatchObject({ status: 'failed' });
    });

    it('refuses empty and over-long text', () => {
      const { room } = createRoom();
      expect(room.sendMessage('   ')).toBe(false);
      expect(room.sendMessage('x'.repeat(4001))).toBe(false);
      expect(room.timeline()).toEqual([]);
    });
  });

  describe('catch-up after a reconnect', () => {
    it('asks for history after the newest id held and pages forward while hasMore', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends(page([chatMessage(1), chatMessage(2), chatMessage(3)], false));
      socket.drop();
      socket.sent.length = 0;

      connectAndJoin(socket);
      expect(socket.sentOf('history')).toEqual([
        { action: 'history', roomId: 'general', after: messageIdAt(3), limit: 50 },
      ]);

      socket.serverSends(page([chatMessage(4), chatMessage(5)], true, { after: messageIdAt(3) }));
      expect(socket.sentOf('history')[1]).toEqual({
        action: 'history',
        roomId: 'general',
        after: messageIdAt(5),
        limit: 50,
      });
      socket.serverSends(page([chatMessage(6)], false, { after: messageIdAt(5) }));

      expect(socket.sentOf('history')).toHaveLength(2);
      expect(room.messages().map((message) => message.messageId)).toEqual(
        [1, 2, 3, 4, 5, 6].map(messageIdAt),
      );
    });

    it('starts the catch-up an overlap window before the newest id (ack-before-delivery safe)', () => {
      const { socket } = createRoom({ catchUpOverlapMs: 30_000 });
      connectAndJoin(socket);
      socket.serverSends(page([chatMessage(100)], false));
      socket.drop();
      connectAndJoin(socket);

      const after = socket.sentOf('history').at(-1)?.after ?? '';
      expect(after).toBe(catchUpCursor(messageIdAt(100), 30_000));
      expect(after < messageIdAt(70)).toBe(true);
      expect(after > messageIdAt(69)).toBe(true);
    });

    it('asks for a catch-up page again when the server refused it, until it is answered', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends(page([chatMessage(1)], false));
      socket.drop();
      socket.sent.length = 0;
      connectAndJoin(socket);
      const catchUp = { action: 'history', roomId: 'general', after: messageIdAt(1), limit: 50 };
      expect(socket.sentOf('history')).toEqual([catchUp]);

      socket.serverSends({
        type: 'error',
        code: 'THROTTLED',
        message: 'busy',
        requestId: 'r',
        action: 'history',
      });
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
      expect(socket.sentOf('history')).toEqual([catchUp, catchUp]);

      socket.serverSends(page([chatMessage(2)], false, { after: messageIdAt(1) }));
      socket.serverSends({
        type: 'error',
        code: 'THROTTLED',
        message: 'busy',
        requestId: 'r',
        action: 'history',
      });
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
      expect(socket.sentOf('history')).toHaveLength(2);
      expect(room.messages().map((message) => message.messageId)).toEqual([1, 2].map(messageIdAt));
    });

    it('asks for the first page again when the server refused it', () => {
      const { socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends({
        type: 'error',
        code: 'THROTTLED',
        message: 'busy',
        requestId: 'r',
        action: 'history',
      });
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
      expect(socket.sentOf('history')).toEqual([
        { action: 'history', roomId: 'general', limit: 50 },
        { action: 'history', roomId: 'general', limit: 50 },
      ]);
    });

    it('asks whoIsOnline again when a stranger writes, and on a timer', () => {
      const { socket } = createRoom();
      connectAndJoin(socket, ['ada']);
      socket.serverSends(messageFrame(1, { sender: 'linus' }));
      expect(socket.sentOf('whoIsOnline')).toHaveLength(1);

      jest.advanceTimersByTime(OPTIONS.presenceRefreshMs);
      expect(socket.sentOf('whoIsOnline')).toHaveLength(2);
    });
  });

  describe('capped presence of a huge room', () => {
    it('carries truncated from the presence frame, and clears it with a complete list', () => {
      const { room, socket } = createRoom();
      socket.open();
      expect(room.usersTruncated()).toBe(false);

      socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada', 'bob'], truncated: true });
      expect(room.users()).toEqual(['ada', 'bob']);
      expect(room.usersTruncated()).toBe(true);

      socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada'] });
      expect(room.usersTruncated()).toBe(false);
    });

    it('does not ask whoIsOnline again for a sender missing from a capped list', () => {
      const { socket } = createRoom();
      socket.open();
      socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada'], truncated: true });
      socket.serverSends(messageFrame(1, { sender: 'linus' }));
      expect(socket.sentOf('whoIsOnline')).toHaveLength(0);

      jest.advanceTimersByTime(OPTIONS.presenceRefreshMs);
      expect(socket.sentOf('whoIsOnline')).toHaveLength(1);
    });
  });

  describe('older pages', () => {
    it('asks for the page before the oldest message and stops when hasMore is false', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends(page([chatMessage(50), chatMessage(51)], true));

      room.loadOlder();
      room.loadOlder();
      expect(socket.sentOf('history').slice(1)).toEqual([
        { action: 'history', roomId: 'general', before: messageIdAt(50), limit: 50 },
      ]);
      expect(room.loadingOlder()).toBe(true);

      socket.serverSends(page([chatMessage(48), chatMessage(49)], false, { before: messageIdAt(50) }));
      expect(room.hasOlder()).toBe(false);
      room.loadOlder();
      expect(socket.sentOf('history')).toHaveLength(2);
      expect(room.messages()[0]?.messageId).toBe(messageIdAt(48));
    });
  });

  describe('error frames that name a room', () => {
    const refusal = (action: string, roomId?: string) => ({
      type: 'error' as const,
      code: 'THROTTLED' as const,
      message: 'busy',
      requestId: 'r',
      action,
      ...(roomId === undefined ? {} : { roomId }),
    });

    it('stops asking to join on TOO_MANY_ROOMS and says why', () => {
      const { room, socket } = createRoom();
      socket.open();
      socket.serverSends({
        type: 'error',
        code: 'TOO_MANY_ROOMS',
        message: 'A connection may be in at most 50 rooms; leave one before joining another',
        requestId: 'req-1',
        action: 'joinRoom',
        roomId: 'general',
      });
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs * 5);
      expect(socket.sentOf('joinRoom')).toHaveLength(1);
      expect(room.joined()).toBe(false);
      expect(room.joinRefused()).toContain('at most 50 rooms');
    });

    it('stops asking to join a private room that refuses it (FORBIDDEN) and says what to do', () => {
      const { room, socket } = createRoom();
      socket.open();
      socket.serverSends({ ...refusal('joinRoom', 'general'), code: 'FORBIDDEN' as const });
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs * 5);
      expect(socket.sentOf('joinRoom')).toHaveLength(1);
      expect(room.joinRefused()).toBe(FORBIDDEN_NOTICE);
      expect(room.joinRefused()).toMatch(/user id/);

      // Once the owner has added this user, one more try gets in.
      room.retryJoin();
      expect(room.joinRefused()).toBeUndefined();
      expect(socket.sentOf('joinRoom')).toHaveLength(2);
      socket.serverSends({ type: 'presence', roomId: 'general', users: ['ada'] });
      expect(room.joined()).toBe(true);
    });

    it('leaves the room on a `removed` event: not joined, says so, asks nothing more of it', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      const asked = socket.sent.length;
      socket.serverSends({ type: 'removed', roomId: 'other' });
      expect(room.joined()).toBe(true);
      socket.serverSends({ type: 'removed', roomId: 'general' });
      expect(room.joined()).toBe(false);
      expect(room.joinRefused()).toBe(REMOVED_NOTICE);
      jest.advanceTimersByTime(OPTIONS.presenceRefreshMs * 3);
      expect(socket.sent.slice(asked)).toEqual([]);
    });

    it('joins again when a route says FORBIDDEN for a room it thought joined', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      // A member change refused to a non-owner says nothing about this connection's membership.
      socket.serverSends({ ...refusal('addMember', 'general'), code: 'FORBIDDEN' as const });
      expect(room.joined()).toBe(true);
      socket.serverSends({ ...refusal('whoIsOnline', 'general'), code: 'FORBIDDEN' as const });
      expect(room.joined()).toBe(false);
      expect(socket.sentOf('joinRoom')).toHaveLength(2);
    });

    it('re-joins only the room whose joinRoom was refused', () => {
      const { socket } = createRoom();
      socket.open();
      socket.serverSends(refusal('joinRoom', 'random'));
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
      expect(socket.sentOf('joinRoom')).toHaveLength(1);

      socket.serverSends(refusal('joinRoom', 'general'));
      jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
      expect(socket.sentOf('joinRoom')).toHaveLength(2);
    });

    it('stops waiting for an older page only when the refusal names this room', () => {
      const { room, socket } = createRoom();
      connectAndJoin(socket);
      socket.serverSends(page([chatMessage(50)], true));
      room.loadOlder();
      expect(room.loadingOlder()).toBe(true);

      socket.serverSends(refusal('history', 'random'));
      expect(room.loadingOlder()).toBe(true);
      socket.serverSends(refusal('history', 'general'));
      expect(room.loadingOlder()).toBe(false);
    });
  });

  it('re-joins after a refused joinRoom', () => {
    const { socket } = createRoom();
    socket.open();
    socket.serverSends({
      type: 'error',
      code: 'THROTTLED',
      message: 'busy',
      requestId: 'r',
      action: 'joinRoom',
    });
    jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
    expect(socket.sentOf('joinRoom')).toHaveLength(2);
  });
});
