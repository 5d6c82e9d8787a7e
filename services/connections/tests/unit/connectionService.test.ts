import { PRESENCE_MAX_USERS } from '@chorus/protocol';
import { ConnectionService } from '../../src/connectionService';
import {
  ForbiddenError,
  InvalidUserNameError,
  UnknownConnectionError,
  TooManyRoomsError,
} from '../../src/errors';
import { RoomPresenceCache } from '../../src/roomPresenceCache';
import { gatewayId } from '../support/events';
import { InMemoryConnectionStore, connection } from '../support/fakes';

/** A distinct, valid display name per number, sorting like the number (zero-padded). */
function person(i: number) {
  return {
    connectionId: `c-${i}`,
    userId: `user-${i}`,
    userName: `user ${String(i).padStart(4, '0')}`,
    connectedAt: 1,
  };
}

/**
 * A connection that has joined `roomId` without a room-member row: lets a test ask for presence
 * (members only) without appearing in it.
 */
function probe(store: InMemoryConnectionStore, roomId: string): string {
  const rooms = store.memberships.get('probe') ?? new Set<string>();
  store.memberships.set('probe', rooms.add(roomId));
  return 'probe';
}

function setup(now = 1_764_000_100_000) {
  const store = new InMemoryConnectionStore();
  return { store, service: new ConnectionService(store, () => now) };
}

describe('ConnectionService.joinRoom under the rooms cap', () => {
  const capped = () => {
    const store = new InMemoryConnectionStore();
    return {
      store,
      service: new ConnectionService(store, () => 1, new RoomPresenceCache({ ttlMs: 0 }), {
        maxRoomsPerConnection: 3,
      }),
    };
  };

  it('refuses a room past the cap, keeps the ones joined, and frees a slot on leave', async () => {
    const { store, service } = capped();
    const ada = connection('Ada');
    await store.saveConnection(ada);
    for (const room of ['r1', 'r2', 'r3']) await service.joinRoom(ada.connectionId, room);

    const refused = service.joinRoom(ada.connectionId, 'r4');
    await expect(refused).rejects.toBeInstanceOf(TooManyRoomsError);
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_ROOMS', maxRooms: 3 });
    expect(store.memberships.get(ada.connectionId)).toEqual(new Set(['r1', 'r2', 'r3']));

    // Joining a room it is already in is not a new room.
    await expect(service.joinRoom(ada.connectionId, 'r2')).resolves.toMatchObject({ roomId: 'r2' });
    await service.leaveRoom(ada.connectionId, 'r1');
    await expect(service.joinRoom(ada.connectionId, 'r4')).resolves.toMatchObject({ roomId: 'r4' });
  });

  it('counts per connection: another connection of the same name has its own rooms', async () => {
    const { store, service } = capped();
    const [tab1, tab2] = [connection('Ada', 'tab-1'), connection('Ada', 'tab-2')];
    await store.saveConnection(tab1);
    await store.saveConnection(tab2);
    for (const room of ['r1', 'r2', 'r3']) await service.joinRoom(tab1.connectionId, room);
    await expect(service.joinRoom(tab2.connectionId, 'r4')).resolves.toMatchObject({ roomId: 'r4' });
  });
});

describe('ConnectionService.connect', () => {
  it('stores who is behind the connection', async () => {
    const { store, service } = setup();
    const id = gatewayId();
    await service.connect({
      connectionId: id,
      userId: 'user-Ada Lovelace',
      userName: 'Ada Lovelace',
      connectedAt: 7,
    });
    expect(store.connections.get(id)).toEqual({
      connectionId: id,
      userId: 'user-Ada Lovelace',
      userName: 'Ada Lovelace',
      connectedAt: 7,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['leading space', ' Ada'],
    ['trailing space', 'Ada '],
    ['too long', 'x'.repeat(33)],
    ['markup', '<script>'],
    ['not a string', 42],
  ])('refuses a %s name with InvalidUserNameError explaining the rule', async (_label, userName) => {
    const { store, service } = setup();
    const attempt = service.connect({
      connectionId: gatewayId(),
      userId: 'user-1',
      userName,
      connectedAt: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidUserNameError);
    await expect(attempt).rejects.toThrow(/display name/i);
    expect(store.connections.size).toBe(0);
  });
});

describe('ConnectionService.joinRoom / leaveRoom / whoIsOnline', () => {
  it('joins and answers with the room presence, the joiner included', async () => {
    const { store, service } = setup();
    const ada = connection('Ada');
    await store.saveConnection(ada);
    await expect(service.joinRoom(ada.connectionId, 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada'],
    });
    expect(store.memberships.get(ada.connectionId)).toEqual(new Set(['lobby']));
  });

  it('refuses a connection that has no row with UnknownConnectionError and writes nothing', async () => {
    const { store, service } = setup();
    await expect(service.joinRoom(gatewayId(), 'lobby')).rejects.toBeInstanceOf(UnknownConnectionError);
    expect(store.roomMembers.size).toBe(0);
  });

  it('lets one connection be in many rooms, and joining twice changes nothing', async () => {
    const { store, service } = setup();
    const ada = connection('Ada');
    await store.saveConnection(ada);
    await service.joinRoom(ada.connectionId, 'lobby');
    await service.joinRoom(ada.connectionId, 'random');
    await expect(service.joinRoom(ada.connectionId, 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada'],
    });
    expect(store.memberships.get(ada.connectionId)).toEqual(new Set(['lobby', 'random']));
  });

  it('lists distinct names in code-unit order (one person with two tabs shows once)', async () => {
    const { store, service } = setup();
    const people = [
      connection('bob'),
      connection('Zoe'),
      connection('Ada', 'tab-1'),
      connection('Ada', 'tab-2'),
    ];
    for (const person of people) {
      await store.saveConnection(person);
      await service.joinRoom(person.connectionId, 'lobby');
    }
    await expect(service.whoIsOnline(probe(store, 'lobby'), 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada', 'Zoe', 'bob'],
    });
  });

  it('lists a room of exactly PRESENCE_MAX_USERS names in full, without truncated', async () => {
    const { store, service } = setup();
    for (let i = 0; i < PRESENCE_MAX_USERS; i += 1) {
      await store.addMembership(await service.connect(person(i)), 'lobby');
    }
    const presence = await service.whoIsOnline(probe(store, 'lobby'), 'lobby');
    expect(presence.users).toHaveLength(PRESENCE_MAX_USERS);
    expect(presence).not.toHaveProperty('truncated');
  });

  it('caps a bigger room at the first PRESENCE_MAX_USERS names in sorted order, truncated', async () => {
    const { store, service } = setup();
    const spy = jest.spyOn(store, 'listRoomUserNames');
    for (let i = PRESENCE_MAX_USERS + 2; i > 0; i -= 1) {
      await store.addMembership(await service.connect(person(i)), 'lobby');
    }
    const presence = await service.whoIsOnline(probe(store, 'lobby'), 'lobby');
    expect(spy).toHaveBeenCalledWith('lobby', PRESENCE_MAX_USERS);
    expect(presence.truncated).toBe(true);
    expect(presence.users).toHaveLength(PRESENCE_MAX_USERS);
    const listed = await (spy.mock.results[0]?.value as ReturnType<typeof store.listRoomUserNames>);
    expect(listed.names.length).toBeGreaterThan(PRESENCE_MAX_USERS);
    expect(presence.users).toEqual([...listed.names].sort().slice(0, PRESENCE_MAX_USERS));
  });

  it('says truncated when the store stopped early, even with few names in hand', async () => {
    const { store, service } = setup();
    jest
      .spyOn(store, 'listRoomUserNames')
      .mockResolvedValue({ names: ['Zoe', 'Ada', 'Ada'], complete: false });
    await expect(service.whoIsOnline(probe(store, 'lobby'), 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada', 'Zoe'],
      truncated: true,
    });
  });

  it('lists the joiner in the answer to its join even when the read does not show its row yet', async () => {
    const { store, service } = setup();
    const ada = connection('Ada');
    await store.saveConnection(ada);
    // An eventually consistent read that has not caught up with the join's write.
    jest.spyOn(store, 'listRoomUserNames').mockResolvedValue({ names: ['Bob'], complete: true });
    await expect(service.joinRoom(ada.connectionId, 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada', 'Bob'],
    });
  });

  it('leaves and answers with the presence after leaving', async () => {
    const { store, service } = setup();
    const ada = connection('Ada');
    const bob = connection('Bob');
    for (const person of [ada, bob]) {
      await store.saveConnection(person);
      await service.joinRoom(person.connectionId, 'lobby');
    }
    await expect(service.leaveRoom(ada.connectionId, 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Bob'],
    });
    // Gone from the room, Ada learns no more about it: a second leave is refused like any outsider.
    await expect(service.leaveRoom(ada.connectionId, 'lobby')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('passes the clock to the store as the join time', async () => {
    const { store, service } = setup(123_456);
    const ada = connection('Ada');
    await store.saveConnection(ada);
    const spy = jest.spyOn(store, 'addMembership');
    await service.joinRoom(ada.connectionId, 'lobby');
    expect(spy).toHaveBeenCalledWith(ada, 'lobby', 123_456);
  });
});

describe('ConnectionService presence of big rooms (RoomPresenceCache)', () => {
  function cached(ttlMs: number) {
    let clock = 1_000;
    const store = new InMemoryConnectionStore();
    const cache = new RoomPresenceCache({ ttlMs, now: () => clock });
    return {
      store,
      service: new ConnectionService(store, () => clock, cache),
      advance: (ms: number) => {
        clock += ms;
      },
    };
  }

  it('reuses a big room sample for joins within the interval, then reads again', async () => {
    const { store, service, advance } = cached(2_000);
    for (let i = 0; i < PRESENCE_MAX_USERS + 5; i += 1) {
      await store.addMembership(await service.connect(person(i)), 'launch');
    }
    const reads = jest.spyOn(store, 'listRoomUserNames');
    const late = await service.connect(person(9_000));
    const first = await service.joinRoom(late.connectionId, 'launch');
    const second = await service.whoIsOnline(probe(store, 'launch'), 'launch');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(first.truncated).toBe(true);
    expect(second.truncated).toBe(true);
    // The joiner is still in its own answer even when the sample came from memory (a name that
    // sorts first, since a truncated list shows the first PRESENCE_MAX_USERS names).
    const other = connection('Aaron');
    await store.saveConnection(other);
    expect((await service.joinRoom(other.connectionId, 'launch')).users).toContain(other.userName);
    expect(reads).toHaveBeenCalledTimes(1);
    advance(2_000);
    await service.whoIsOnline(probe(store, 'launch'), 'launch');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('always reads a room small enough to list whole, so joins and leaves show at once', async () => {
    const { store, service } = cached(2_000);
    const reads = jest.spyOn(store, 'listRoomUserNames');
    const ada = await service.connect(person(1));
    const bob = await service.connect(person(2));
    await service.joinRoom(ada.connectionId, 'pair');
    await service.joinRoom(bob.connectionId, 'pair');
    await expect(service.whoIsOnline(probe(store, 'pair'), 'pair')).resolves.toEqual({
      roomId: 'pair',
      users: [ada.userName, bob.userName],
    });
    await service.leaveRoom(bob.connectionId, 'pair');
    await expect(service.whoIsOnline(probe(store, 'pair'), 'pair')).resolves.toEqual({
      roomId: 'pair',
      users: [ada.userName],
    });
    expect(reads).toHaveBeenCalledTimes(5);
  });
});

describe('ConnectionService.disconnect', () => {
  it('removes the connection and all its memberships', async () => {
    const { store, service } = setup();
    const ada = connection('Ada');
    await store.saveConnection(ada);
    await service.joinRoom(ada.connectionId, 'lobby');
    await service.joinRoom(ada.connectionId, 'random');

    const removed = await service.disconnect(ada.connectionId);

    expect([...removed.rooms].sort()).toEqual(['lobby', 'random']);
    expect(store.connections.has(ada.connectionId)).toBe(false);
    await expect(service.whoIsOnline(probe(store, 'lobby'), 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: [],
    });
    await expect(service.disconnect(ada.connectionId)).resolves.toEqual({ rooms: [] });
  });
});
