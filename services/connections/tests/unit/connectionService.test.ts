import { ConnectionService } from '../../src/connectionService';
import { InvalidUserNameError, UnknownConnectionError } from '../../src/errors';
import { gatewayId } from '../support/events';
import { InMemoryConnectionStore, connection } from '../support/fakes';

function setup(now = 1_764_000_100_000) {
  const store = new InMemoryConnectionStore();
  return { store, service: new ConnectionService(store, () => now) };
}

describe('ConnectionService.connect', () => {
  it('stores who is behind the connection', async () => {
    const { store, service } = setup();
    const id = gatewayId();
    await service.connect({ connectionId: id, userName: 'Ada Lovelace', connectedAt: 7 });
    expect(store.connections.get(id)).toEqual({ connectionId: id, userName: 'Ada Lovelace', connectedAt: 7 });
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
    const attempt = service.connect({ connectionId: gatewayId(), userName, connectedAt: 1 });
    await expect(attempt).rejects.toBeInstanceOf(InvalidUserNameError);
    await expect(attempt).rejects.toThrow(/\?name=/);
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
    await expect(service.whoIsOnline('lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Ada', 'Zoe', 'bob'],
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
    await expect(service.leaveRoom(ada.connectionId, 'lobby')).resolves.toEqual({
      roomId: 'lobby',
      users: ['Bob'],
    });
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
    await expect(service.whoIsOnline('lobby')).resolves.toEqual({ roomId: 'lobby', users: [] });
    await expect(service.disconnect(ada.connectionId)).resolves.toEqual({ rooms: [] });
  });
});
