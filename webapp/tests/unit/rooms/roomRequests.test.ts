import {
  ROOM_REQUEST_TIMEOUT_MS,
  RoomRequestError,
  RoomRequests,
  parseUserIds,
} from '../../../src/app/rooms/room-requests';
import { FakeRoomSocket } from '../../support/fake-room-socket';

function refusal(code: string, action: string, roomId: string) {
  return {
    type: 'error' as const,
    code: code as 'FORBIDDEN',
    message: 'no',
    requestId: 'r1',
    action,
    roomId,
  };
}

describe('RoomRequests', () => {
  function setup() {
    const socket = new FakeRoomSocket();
    socket.open();
    return { socket, requests: new RoomRequests(socket) };
  }

  it("creates a room and resolves with its own answer, not another room's", async () => {
    const { socket, requests } = setup();
    const created = requests.create('club', true, ['u-bob']);
    expect(socket.sentOf('createRoom')).toEqual([
      { action: 'createRoom', roomId: 'club', private: true, members: ['u-bob'] },
    ]);
    socket.serverSends({ type: 'room', roomId: 'other', private: false, ownerId: 'u-ada' });
    socket.serverSends({ type: 'room', roomId: 'club', private: true, ownerId: 'u-ada' });
    await expect(created).resolves.toEqual({ type: 'room', roomId: 'club', private: true, ownerId: 'u-ada' });
  });

  it('rejects with a readable error when the id is taken', async () => {
    const { socket, requests } = setup();
    const created = requests.create('club', true, []);
    socket.serverSends(refusal('ROOM_EXISTS', 'createRoom', 'club'));
    await expect(created).rejects.toBeInstanceOf(RoomRequestError);
    await expect(created).rejects.toMatchObject({
      code: 'ROOM_EXISTS',
      message: expect.stringMatching(/already exists/),
    });
  });

  it('adds and removes members, each settled by the answer naming that user', async () => {
    const { socket, requests } = setup();
    const added = requests.addMember('club', 'u-cy');
    const removed = requests.removeMember('club', 'u-bob');
    socket.serverSends({ type: 'member', roomId: 'club', userId: 'u-bob', member: false });
    socket.serverSends({ type: 'member', roomId: 'club', userId: 'u-cy', member: true });
    await expect(added).resolves.toMatchObject({ userId: 'u-cy', member: true });
    await expect(removed).resolves.toMatchObject({ userId: 'u-bob', member: false });
    expect(socket.sentOf('removeMember')).toEqual([
      { action: 'removeMember', roomId: 'club', userId: 'u-bob' },
    ]);
  });

  it('says who may change members when the server answers FORBIDDEN', async () => {
    const { socket, requests } = setup();
    const added = requests.addMember('club', 'u-cy');
    socket.serverSends(refusal('FORBIDDEN', 'addMember', 'club'));
    await expect(added).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/only the owner/),
    });
  });

  it('fails at once when not connected, and after a while without an answer', async () => {
    const socket = new FakeRoomSocket();
    const requests = new RoomRequests(socket);
    expect(() => requests.create('club', true, [])).toThrow(RoomRequestError);
    jest.useFakeTimers();
    try {
      socket.open();
      const lost = requests.create('club', true, []);
      jest.advanceTimersByTime(ROOM_REQUEST_TIMEOUT_MS + 1);
      await expect(lost).rejects.toMatchObject({ code: 'NO_ANSWER' });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('parseUserIds', () => {
  it('splits on commas and whitespace, drops repeats, and sets aside what cannot be an id', () => {
    expect(parseUserIds(' u-1, u-2\nu-1  local-abc ')).toEqual({
      ids: ['u-1', 'u-2', 'local-abc'],
      invalid: [],
    });
    expect(parseUserIds('u-1, é, ')).toEqual({ ids: ['u-1'], invalid: ['é'] });
    expect(parseUserIds('')).toEqual({ ids: [], invalid: [] });
  });
});
