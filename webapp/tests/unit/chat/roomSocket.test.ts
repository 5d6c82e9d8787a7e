import type { ErrorFrame } from '@chorus/protocol';
import { roomErrors, roomFrames } from '../../../src/app/chat/room-socket';
import { FakeRoomSocket } from '../../support/fake-room-socket';
import { messageFrame } from '../../support/messages';

const refusal = (roomId?: string): ErrorFrame => ({
  type: 'error',
  code: 'THROTTLED',
  message: 'busy',
  requestId: 'r',
  action: 'joinRoom',
  ...(roomId === undefined ? {} : { roomId }),
});

describe('roomFrames', () => {
  it('passes the frames of one room only', () => {
    const socket = new FakeRoomSocket();
    const seen: string[] = [];
    roomFrames(socket, 'message', 'general').subscribe((frame) => seen.push(frame.text));
    socket.serverSends(messageFrame(1, { roomId: 'random' }));
    socket.serverSends(messageFrame(2));
    expect(seen).toEqual(['message 2']);
  });
});

describe('roomErrors', () => {
  it('passes error frames naming the room, and those naming none (older servers)', () => {
    const socket = new FakeRoomSocket();
    const seen: (string | undefined)[] = [];
    roomErrors(socket, 'general').subscribe((frame) => seen.push(frame.roomId));
    socket.serverSends(refusal('random'));
    socket.serverSends(refusal('general'));
    socket.serverSends(refusal());
    expect(seen).toEqual(['general', undefined]);
  });
});
