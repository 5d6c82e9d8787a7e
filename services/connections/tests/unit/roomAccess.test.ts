import { forbiddenMessage, type RemovedFrame } from '@chorus/protocol';
import { ConnectionService } from '../../src/connectionService';
import {
  ForbiddenError,
  InvalidRoomRequestError,
  RoomExistsError,
  UnknownConnectionError,
} from '../../src/errors';
import type { RoomNotifier } from '../../src/roomAccess';
import { InMemoryConnectionStore, connection } from '../support/fakes';

class RecordingNotifier implements RoomNotifier {
  public readonly posts: Array<[string, RemovedFrame]> = [];
  public answer: 'delivered' | 'gone' | 'failed' = 'delivered';
  public async post(connectionId: string, frame: RemovedFrame): Promise<'delivered' | 'gone' | 'failed'> {
    this.posts.push([connectionId, frame]);
    return this.answer;
  }
}

async function setup() {
  const store = new InMemoryConnectionStore();
  const notifier = new RecordingNotifier();
  const service = new ConnectionService(store, () => 1_000, undefined, {}, notifier);
  const [owner, bob, eve] = [connection('Ada'), connection('Bob'), connection('Eve')];
  for (const c of [owner, bob, eve]) await store.saveConnection(c);
  return { store, notifier, service, rooms: service.rooms, owner, bob, eve };
}

/** Every way the outsider can ask about a room, as the error each answer carries. */
async function outsiderAnswers(
  service: ConnectionService,
  connectionId: string,
  roomId: string,
  join = true,
) {
  const attempts = [
    ...(join ? [() => service.joinRoom(connectionId, roomId)] : []),
    () => service.whoIsOnline(connectionId, roomId),
    () => service.leaveRoom(connectionId, roomId),
    () => service.rooms.addMember(connectionId, roomId, 'user-Eve'),
    () => service.rooms.removeMember(connectionId, roomId, 'user-Bob'),
  ];
  const answers: unknown[] = [];
  for (const attempt of attempts) answers.push(await attempt().catch((error: unknown) => error));
  return answers;
}

describe('RoomAccess.create', () => {
  it('creates a private room whose member list holds the owner and the members', async () => {
    const { store, rooms, owner } = await setup();
    await expect(
      rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob', 'user-Bob'] }),
    ).resolves.toEqual({ type: 'room', roomId: 'club', private: true, ownerId: 'user-Ada' });
    expect(store.rooms.get('club')).toEqual({ roomId: 'club', visibility: 'private', ownerId: 'user-Ada' });
    expect(store.access.get('club')).toEqual(new Set(['user-Ada', 'user-Bob']));
  });

  it('creates a public room with no list, and refuses members for one', async () => {
    const { store, rooms, owner } = await setup();
    await expect(
      rooms.create(owner.connectionId, { roomId: 'open', private: false, members: [] }),
    ).resolves.toEqual({ type: 'room', roomId: 'open', private: false, ownerId: 'user-Ada' });
    expect(store.access.has('open')).toBe(false);
    await expect(
      rooms.create(owner.connectionId, { roomId: 'other', private: false, members: ['user-Bob'] }),
    ).rejects.toBeInstanceOf(InvalidRoomRequestError);
    expect(store.rooms.has('other')).toBe(false);
  });

  it('answers ROOM_EXISTS for an id created before or already joined, changing nothing', async () => {
    const { store, service, rooms, owner, bob } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: [] });
    const again = rooms.create(bob.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    await expect(again).rejects.toBeInstanceOf(RoomExistsError);
    await expect(again).rejects.toMatchObject({ code: 'ROOM_EXISTS' });
    expect(store.access.get('club')).toEqual(new Set(['user-Ada']));
    // A room nobody created is claimed by its first join: nobody can take it private afterwards.
    await service.joinRoom(bob.connectionId, 'lobby');
    await expect(
      rooms.create(owner.connectionId, { roomId: 'lobby', private: true, members: [] }),
    ).rejects.toBeInstanceOf(RoomExistsError);
  });

  it('refuses a connection without a row', async () => {
    const { rooms } = await setup();
    await expect(
      rooms.create('ghost', { roomId: 'club', private: true, members: [] }),
    ).rejects.toBeInstanceOf(UnknownConnectionError);
  });
});

describe('who may enter', () => {
  it('admits the owner and listed members to a private room, refuses anyone else', async () => {
    const { service, rooms, owner, bob, eve } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    await expect(service.joinRoom(owner.connectionId, 'club')).resolves.toMatchObject({ users: ['Ada'] });
    await expect(service.joinRoom(bob.connectionId, 'club')).resolves.toMatchObject({
      users: ['Ada', 'Bob'],
    });
    await expect(service.joinRoom(eve.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('answers an outsider of a private room exactly as a room it never heard of, on every route', async () => {
    const { store, service, rooms, owner, bob, eve } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    await service.joinRoom(bob.connectionId, 'club');
    const [join, ...rest] = await outsiderAnswers(service, eve.connectionId, 'club');
    expect(join).toBeInstanceOf(ForbiddenError);
    // Every other route gives the same answer for a room that does not exist at all.
    const elsewhere = await outsiderAnswers(service, eve.connectionId, 'nowhere', false);
    expect(rest.map((e) => [(e as ForbiddenError).code, (e as Error).message])).toEqual(
      elsewhere.map((e) => [(e as ForbiddenError).code, (e as Error).message.replace('nowhere', 'club')]),
    );
    for (const answer of [join, ...rest]) expect((answer as Error).message).toBe(forbiddenMessage('club'));
    // Nothing was written for the outsider, and the room still has its member.
    expect(store.memberships.get(eve.connectionId) ?? new Set()).toEqual(new Set());
    expect(store.access.get('club')).toEqual(new Set(['user-Ada', 'user-Bob']));
  });

  it('lets anyone signed in join a public room, created or not', async () => {
    const { service, rooms, owner, eve } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'open', private: false, members: [] });
    await expect(service.joinRoom(eve.connectionId, 'open')).resolves.toMatchObject({ roomId: 'open' });
    await expect(service.joinRoom(eve.connectionId, 'never-created')).resolves.toMatchObject({
      roomId: 'never-created',
    });
  });

  it('reads a public room once per container, a private one on every join', async () => {
    const { store, service, rooms, owner, bob, eve } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    const reads = jest.spyOn(store, 'findRoom');
    for (const who of [owner, bob, eve]) await service.joinRoom(who.connectionId, 'open');
    expect(reads.mock.calls.filter(([id]) => id === 'open')).toHaveLength(1);
    await service.joinRoom(owner.connectionId, 'club');
    await service.joinRoom(bob.connectionId, 'club');
    await expect(service.joinRoom(eve.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
    expect(reads.mock.calls.filter(([id]) => id === 'club')).toHaveLength(3);
  });

  it('tells an unknown connection first, then a room it may not enter, then the rooms cap', async () => {
    const store = new InMemoryConnectionStore();
    const service = new ConnectionService(store, () => 1_000, undefined, { maxRoomsPerConnection: 1 });
    const [owner, eve] = [connection('Ada'), connection('Eve')];
    for (const c of [owner, eve]) await store.saveConnection(c);
    await service.rooms.create(owner.connectionId, { roomId: 'club', private: true, members: [] });
    await service.joinRoom(eve.connectionId, 'open'); // Eve is at the cap
    await expect(service.joinRoom(eve.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.joinRoom('gone', 'club')).rejects.toBeInstanceOf(UnknownConnectionError);
    await expect(service.joinRoom(eve.connectionId, 'other')).rejects.toMatchObject({
      code: 'TOO_MANY_ROOMS',
    });
    expect(store.memberships.get(eve.connectionId)).toEqual(new Set(['open']));
  });

  it('answers a failed read as itself, in the same order, and writes nothing', async () => {
    const { store, service, bob } = await setup();
    const outage = Object.assign(new Error('DynamoDB unreachable'), { name: 'ServiceUnavailable' });
    jest.spyOn(store, 'listRooms').mockRejectedValue(outage);
    jest.spyOn(store, 'findRoom').mockRejectedValueOnce(new Error('room meta unreadable'));
    // Both reads failed: the room's is told first, as a Forbidden would be; the other is not lost
    // as an unhandled rejection (jest fails the run on one).
    await expect(service.joinRoom(bob.connectionId, 'open')).rejects.toThrow('room meta unreadable');
    await expect(service.joinRoom(bob.connectionId, 'open')).rejects.toBe(outage);
    expect(store.memberships.get(bob.connectionId) ?? new Set()).toEqual(new Set());
  });

  it('undoes a join whose member was removed while it was writing', async () => {
    const { store, service, rooms, owner, bob } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    const write = store.addMembership.bind(store);
    jest.spyOn(store, 'addMembership').mockImplementation(async (c, roomId) => {
      await write(c, roomId);
      await store.removeAccess('club', 'user-Bob'); // the owner's removal lands here
    });
    await expect(service.joinRoom(bob.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
    expect(store.memberships.get(bob.connectionId)).toEqual(new Set());
  });
});

describe('the owner changes the members', () => {
  it('adds a member who may then join', async () => {
    const { service, rooms, owner, eve } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: [] });
    await expect(rooms.addMember(owner.connectionId, 'club', 'user-Eve')).resolves.toEqual({
      type: 'member',
      roomId: 'club',
      userId: 'user-Eve',
      member: true,
    });
    await expect(service.joinRoom(eve.connectionId, 'club')).resolves.toMatchObject({ roomId: 'club' });
  });

  it('removes a member: every connection of theirs in the room is cut off and told, others stay', async () => {
    const { store, notifier, service, rooms, owner, bob } = await setup();
    const bobTab2 = connection('Bob', 'c-Bob-2');
    const bobTab3 = connection('Bob', 'c-Bob-3'); // connected, but not in the room
    for (const c of [bobTab2, bobTab3]) await store.saveConnection(c);
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    for (const c of [owner, bob, bobTab2]) await service.joinRoom(c.connectionId, 'club');
    await service.joinRoom(bob.connectionId, 'lobby');

    const change = await rooms.removeMember(owner.connectionId, 'club', 'user-Bob');

    expect(change.frame).toEqual({ type: 'member', roomId: 'club', userId: 'user-Bob', member: false });
    expect([...change.cutOff].sort()).toEqual([bob.connectionId, bobTab2.connectionId].sort());
    expect(notifier.posts.map(([id]) => id).sort()).toEqual([bob.connectionId, bobTab2.connectionId].sort());
    expect(notifier.posts[0]?.[1]).toEqual({ type: 'removed', roomId: 'club' });
    // The fan-out pages room-member rows: none of Bob's is left in the room.
    const members = [...store.roomMembers.entries()].filter(([partition]) => partition.startsWith('club#'));
    expect(members.flatMap(([, m]) => [...m.keys()])).toEqual([owner.connectionId]);
    expect(store.memberships.get(bob.connectionId)).toEqual(new Set(['lobby']));
    await expect(service.joinRoom(bob.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(service.whoIsOnline(bob.connectionId, 'club')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('finishes the removal even when telling fails', async () => {
    const { store, notifier, service, rooms, owner, bob } = await setup();
    notifier.answer = 'failed';
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    await service.joinRoom(bob.connectionId, 'club');
    await expect(rooms.removeMember(owner.connectionId, 'club', 'user-Bob')).resolves.toMatchObject({
      cutOff: [bob.connectionId],
    });
    expect(store.access.get('club')).toEqual(new Set(['user-Ada']));
  });

  it('refuses a member who is not the owner, and a public room, with the same FORBIDDEN', async () => {
    const { rooms, owner, bob } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
    await rooms.create(owner.connectionId, { roomId: 'open', private: false, members: [] });
    await expect(rooms.addMember(bob.connectionId, 'club', 'user-Eve')).rejects.toThrow(
      forbiddenMessage('club'),
    );
    await expect(rooms.removeMember(bob.connectionId, 'club', 'user-Ada')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(rooms.addMember(owner.connectionId, 'open', 'user-Eve')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('refuses to remove the owner', async () => {
    const { store, rooms, owner } = await setup();
    await rooms.create(owner.connectionId, { roomId: 'club', private: true, members: [] });
    await expect(rooms.removeMember(owner.connectionId, 'club', 'user-Ada')).rejects.toBeInstanceOf(
      InvalidRoomRequestError,
    );
    expect(store.access.get('club')).toEqual(new Set(['user-Ada']));
  });
});
