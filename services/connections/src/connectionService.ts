// The domain operations behind the WebSocket routes. Handlers only parse and shape responses.
import { PRESENCE_MAX_USERS, isValidUserName } from '@chorus/protocol';
import type { Connection, ConnectionStore, RemovedConnection, RoomUserNames } from './connectionStore';
import {
  InvalidUserNameError,
  TooManyConnectionsError,
  UnknownConnectionError,
  TooManyRoomsError,
} from './errors';
import { RoomPresenceCache } from './roomPresenceCache';
import { RoomAccess, type RoomNotifier } from './roomAccess';

/** Rooms one connection may be in at once (MAX_ROOMS_PER_CONNECTION), unless configured. */
export const DEFAULT_MAX_ROOMS_PER_CONNECTION = 50;
/** Connections one user may have at once (MAX_CONNECTIONS_PER_USER), unless configured. */
export const DEFAULT_MAX_CONNECTIONS_PER_USER = 10;

export interface ConnectionLimits {
  maxRoomsPerConnection: number;
  maxConnectionsPerUser: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxRoomsPerConnection: DEFAULT_MAX_ROOMS_PER_CONNECTION,
  maxConnectionsPerUser: DEFAULT_MAX_CONNECTIONS_PER_USER,
};

/** Who is in a room: distinct display names, sorted, as the `presence` frame carries them. */
export interface Presence {
  roomId: string;
  /** At most PRESENCE_MAX_USERS names: the first ones in sorted order. */
  users: string[];
  /** Present (and true) only when the room has more names than `users` lists. */
  truncated?: true;
}

export interface ConnectRequest {
  connectionId: string;
  /** From the authorizer's context (the verified token), never from the query string. */
  userId: string;
  /** Likewise; validated again here because the row is what every other route trusts. */
  userName: unknown;
  connectedAt: number;
}

export const USER_NAME_RULE =
  'A display name is 1-32 letters, digits, spaces, ".", "_" or "-", not starting or ending with a space';

export class ConnectionService {
  /** Who may enter which room, and the owner's changes to a private room's members. */
  public readonly rooms: RoomAccess;
  private readonly maxRoomsPerConnection: number;
  private readonly maxConnectionsPerUser: number;

  public constructor(
    private readonly store: ConnectionStore,
    private readonly now: () => number = Date.now,
    /** Off unless given: tests and small deployments see every presence read fresh. */
    private readonly bigRooms: RoomPresenceCache = new RoomPresenceCache({ ttlMs: 0 }),
    limits: Partial<ConnectionLimits> = {},
    /** Tells removed members' connections; without one they are only cut off (tests). */
    notifier?: RoomNotifier,
  ) {
    this.maxRoomsPerConnection = limits.maxRoomsPerConnection ?? DEFAULT_MAX_ROOMS_PER_CONNECTION;
    this.maxConnectionsPerUser = limits.maxConnectionsPerUser ?? DEFAULT_MAX_CONNECTIONS_PER_USER;
    this.rooms = new RoomAccess(store, now, notifier);
  }

  public async connect(request: ConnectRequest): Promise<Connection> {
    if (!isValidUserName(request.userName)) {
      const shown = typeof request.userName === 'string' ? `"${request.userName.slice(0, 40)}"` : 'missing';
      throw new InvalidUserNameError(`Display name ${shown} is not valid. ${USER_NAME_RULE}`);
    }
    // Each connection costs a delivery per message of each of its rooms, so a user's are capped.
    // Like the rooms cap, connects racing each other may overshoot it by those in flight.
    const open = await this.store.listUserConnections(request.userId, this.maxConnectionsPerUser);
    if (open.length >= this.maxConnectionsPerUser) {
      throw new TooManyConnectionsError(this.maxConnectionsPerUser);
    }
    const connection: Connection = {
      connectionId: request.connectionId,
      userId: request.userId,
      userName: request.userName,
      connectedAt: request.connectedAt,
    };
    await this.store.saveConnection(connection);
    return connection;
  }

  public async disconnect(connectionId: string): Promise<RemovedConnection> {
    return this.store.removeConnection(connectionId);
  }

  public async joinRoom(connectionId: string, roomId: string): Promise<Presence> {
    // The three reads need only the ids, so they go out together: a join waits for one read,
    // not three in a row. Their failures are still told in the order a caller can act on:
    // an unknown connection, then a room it may not enter, then the rooms cap.
    const [found, looked, joined] = await Promise.allSettled([
      this.store.findConnection(connectionId),
      this.rooms.lookup(roomId),
      this.store.listRooms(connectionId, this.maxRoomsPerConnection),
    ]);
    const connection = settled(found);
    if (connection === undefined) throw new UnknownConnectionError(connectionId);
    const room = await this.rooms.checkAccess(connection, settled(looked));
    // Each room a connection is in costs a delivery per message and rows to clean up, so it is
    // capped. Two joins racing past the cap may both pass (the count is read, not locked): the
    // cap can be exceeded by the joins in flight at once, never grown without bound.
    const rooms = settled(joined);
    if (rooms.length >= this.maxRoomsPerConnection && !rooms.includes(roomId)) {
      throw new TooManyRoomsError(this.maxRoomsPerConnection);
    }
    // Presence is read eventually consistent, so the row being written may not show in it
    // anyway (the joiner's name is added): it is read beside the write, and told only once the
    // write (and, for a private room, the access re-check) stands.
    const [written, named] = await Promise.allSettled([
      this.store.addMembership(connection, roomId, this.now()),
      this.presence(roomId, [connection.userName]),
    ]);
    settled(written);
    await this.rooms.confirm(connection, room);
    return settled(named);
  }

  public async leaveRoom(connectionId: string, roomId: string): Promise<Presence> {
    // Only a member learns who is left: to anyone else the room is as closed as any other.
    await this.rooms.requireJoined(connectionId, roomId);
    await this.store.removeMembership(connectionId, roomId);
    // Eventually consistent like every presence read: for a moment the answer may still list the
    // leaver's name (which another tab of the same person may keep in the room anyway).
    return this.presence(roomId, []);
  }

  /** Presence is for members only, in every room: one GetItem on the connection's membership. */
  public async whoIsOnline(connectionId: string, roomId: string): Promise<Presence> {
    await this.rooms.requireJoined(connectionId, roomId);
    return this.presence(roomId, []);
  }

  private async presence(roomId: string, known: string[]): Promise<Presence> {
    const { names, complete } = await this.readNames(roomId);
    // One person may be connected from several tabs; the room shows them once. Code-unit order
    // keeps the list identical on every runtime (no locale involved).
    const sorted = [...new Set([...names, ...known])].sort();
    const presence: Presence = { roomId, users: sorted.slice(0, PRESENCE_MAX_USERS) };
    // A complete small room keeps the frame it always had (no `truncated` key).
    if (!complete || sorted.length > PRESENCE_MAX_USERS) presence.truncated = true;
    return presence;
  }

  /** A big room's recent sample when this container has one, else a bounded read of the table. */
  private async readNames(roomId: string): Promise<RoomUserNames> {
    const kept = this.bigRooms.find(roomId);
    if (kept !== undefined) return kept;
    const read = await this.store.listRoomUserNames(roomId, PRESENCE_MAX_USERS);
    this.bigRooms.remember(roomId, read);
    return read;
  }
}

/** The value of a settled read, or its failure thrown (so none goes unhandled). */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
