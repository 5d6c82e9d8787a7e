// The connections table: one table, three item kinds, all under `pk`/`sk` (strings).
//
//   connection row   pk = CONN#<connectionId>        sk = META               (get by id: O(1))
//   membership       pk = CONN#<connectionId>        sk = ROOM#<roomId>      (a connection's rooms)
//   room member      pk = ROOM#<roomId>#<shard>      sk = CONN#<connectionId> (a room's connections)
//   room meta        pk = ROOM#<roomId>              sk = META               (owner, visibility)
//   room access      pk = ROOM#<roomId>              sk = USER#<userId>      (who may enter a private room)
//   user connection  pk = USER#<userId>              sk = CONN#<connectionId> (a user's connections)
//
// Room ids never contain `#`, so ROOM#<roomId> (meta and access list) never meets a member shard's
// ROOM#<roomId>#<shard>. "May this user enter?" is two GetItems (meta, access row), never a scan,
// whatever the size of the member list. A room without meta was never created nor joined: public.
//
// Joining writes the membership and the room-member item in one transaction, so the two sides can
// never disagree. The room side is sharded: shard = fnv1a(connectionId) mod ROOM_SHARDS, so a big
// room is spread over ROOM_SHARDS partitions that the fan-out reads in parallel. Everything that
// reads or writes room members must use the same ROOM_SHARDS (a stage parameter); changing it on a
// live stage strands existing members until they reconnect.
import { roomShard } from './shard';

export const CONNECTION_PREFIX = 'CONN#';
export const ROOM_PREFIX = 'ROOM#';
export const CONNECTION_META_SK = 'META';
export const USER_PREFIX = 'USER#';
export const ROOM_META_SK = 'META';

/** API Gateway closes every connection after 2 h; rows outlive that by a margin, then TTL removes them. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 10 * 60;

export interface ConnectionKey {
  pk: string;
  sk: string;
}

export interface ConnectionItem extends ConnectionKey {
  connectionId: string;
  /** The token's `sub`, as the $connect authorizer verified it. */
  userId: string;
  userName: string;
  /** Epoch ms, as API Gateway reports it. */
  connectedAt: number;
  /** Epoch seconds (DynamoDB TTL attribute). */
  ttl: number;
}

export interface MembershipItem extends ConnectionKey {
  connectionId: string;
  roomId: string;
  shard: number;
  joinedAt: number;
  ttl: number;
}

export interface RoomMemberItem extends ConnectionKey {
  connectionId: string;
  roomId: string;
  userId: string;
  userName: string;
  ttl: number;
}

export type RoomVisibility = 'public' | 'private';

/** A room that was created (createRoom) or first joined; its id is taken from then on. */
export interface RoomMetaItem extends ConnectionKey {
  roomId: string;
  visibility: RoomVisibility;
  /** The creator's user id; absent on a public room nobody created (first joined). */
  ownerId?: string;
  createdAt: number;
}

/** One user admitted to a private room (the owner has one too). */
export interface RoomAccessItem extends ConnectionKey {
  roomId: string;
  userId: string;
  addedAt: number;
}

/** One live connection of a user: counts toward the per-user cap and finds them on removal. */
export interface UserConnectionItem extends ConnectionKey {
  userId: string;
  connectionId: string;
  ttl: number;
}

export function roomMetaKey(roomId: string): ConnectionKey {
  return { pk: `${ROOM_PREFIX}${roomId}`, sk: ROOM_META_SK };
}

export function roomAccessKey(roomId: string, userId: string): ConnectionKey {
  return { pk: `${ROOM_PREFIX}${roomId}`, sk: `${USER_PREFIX}${userId}` };
}

/** Partition of a user's connections. */
export function userConnectionsPk(userId: string): string {
  return `${USER_PREFIX}${userId}`;
}

export function userConnectionKey(userId: string, connectionId: string): ConnectionKey {
  return { pk: userConnectionsPk(userId), sk: `${CONNECTION_PREFIX}${connectionId}` };
}

export function connectionKey(connectionId: string): ConnectionKey {
  return { pk: `${CONNECTION_PREFIX}${connectionId}`, sk: CONNECTION_META_SK };
}

export function membershipKey(connectionId: string, roomId: string): ConnectionKey {
  return { pk: `${CONNECTION_PREFIX}${connectionId}`, sk: `${ROOM_PREFIX}${roomId}` };
}

/** Partition key of one shard of a room. */
export function roomShardPk(roomId: string, shard: number): string {
  return `${ROOM_PREFIX}${roomId}#${shard}`;
}

export function roomMemberKey(roomId: string, connectionId: string, shards: number): ConnectionKey {
  return {
    pk: roomShardPk(roomId, roomShard(connectionId, shards)),
    sk: `${CONNECTION_PREFIX}${connectionId}`,
  };
}

/** Every partition key of a room, for reading all shards in parallel. */
export function roomShardPks(roomId: string, shards: number): string[] {
  return Array.from({ length: shards }, (_, shard) => roomShardPk(roomId, shard));
}

/** TTL (epoch seconds) for rows of a connection opened at `connectedAtMs`. */
export function connectionTtl(connectedAtMs: number): number {
  return Math.floor(connectedAtMs / 1000) + CONNECTION_TTL_SECONDS;
}

/** The connection id in a room-member item's sort key. */
export function connectionIdFromSk(sk: string): string {
  return sk.startsWith(CONNECTION_PREFIX) ? sk.slice(CONNECTION_PREFIX.length) : sk;
}

/** The room id in a membership item's sort key. */
export function roomIdFromSk(sk: string): string {
  return sk.startsWith(ROOM_PREFIX) ? sk.slice(ROOM_PREFIX.length) : sk;
}
