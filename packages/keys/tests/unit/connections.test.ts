import {
  CONNECTION_TTL_SECONDS,
  connectionIdFromSk,
  connectionKey,
  connectionTtl,
  membershipKey,
  roomIdFromSk,
  roomMemberKey,
  roomShard,
  roomShardPks,
  roomAccessKey,
  roomMetaKey,
  userConnectionKey,
} from '../../src/index';

describe('connections table keys', () => {
  const id = 'R1kmxc2VNjMCFIA=';

  it('keeps a connection and its memberships in one partition', () => {
    expect(connectionKey(id)).toEqual({ pk: `CONN#${id}`, sk: 'META' });
    expect(membershipKey(id, 'lobby')).toEqual({ pk: `CONN#${id}`, sk: 'ROOM#lobby' });
    expect(roomIdFromSk(membershipKey(id, 'lobby').sk)).toBe('lobby');
  });

  it('puts a room member in the shard its id hashes to', () => {
    const key = roomMemberKey('lobby', id, 4);
    expect(key).toEqual({ pk: `ROOM#lobby#${roomShard(id, 4)}`, sk: `CONN#${id}` });
    expect(roomShardPks('lobby', 4)).toContain(key.pk);
    expect(connectionIdFromSk(key.sk)).toBe(id);
  });

  it('lists every shard partition of a room', () => {
    expect(roomShardPks('lobby', 3)).toEqual(['ROOM#lobby#0', 'ROOM#lobby#1', 'ROOM#lobby#2']);
  });

  it('expires rows after API Gateway’s 2-hour limit plus a margin', () => {
    const connectedAt = 1_700_000_000_123;
    expect(connectionTtl(connectedAt)).toBe(1_700_000_000 + CONNECTION_TTL_SECONDS);
    expect(CONNECTION_TTL_SECONDS).toBeGreaterThan(2 * 60 * 60);
  });
});

describe('room and user keys', () => {
  it("keeps a room's meta and access list in one partition apart from its member shards", () => {
    expect(roomMetaKey('club')).toEqual({ pk: 'ROOM#club', sk: 'META' });
    expect(roomAccessKey('club', 'u-1')).toEqual({ pk: 'ROOM#club', sk: 'USER#u-1' });
    for (const pk of roomShardPks('club', 4)) expect(pk).not.toBe(roomMetaKey('club').pk);
  });

  it("keeps a user's connections in one partition", () => {
    expect(userConnectionKey('u-1', 'c1')).toEqual({ pk: 'USER#u-1', sk: 'CONN#c1' });
  });
});
