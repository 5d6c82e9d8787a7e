// The domain operations behind the WebSocket routes. Handlers only parse and shape responses.
import { PRESENCE_MAX_USERS, isValidUserName } from '@chorus/protocol';
import type { Connection, ConnectionStore, RemovedConnection, RoomUserNames } from './connectionStore';
import { InvalidUserNameError, UnknownConnectionError, TooManyRoomsError } from './errors';

/** Rooms one connection may be in at once (MAX_ROOMS_PER_CONNECTION), unless configured. */
export const DEFAULT_MAX_ROOMS_PER_CONNECTION = 50;
import { RoomPresenceCache } from './roomPresenceCache';

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
  public constructor(
    private readonly store: ConnectionStore,
    private readonly now: () => number = Date.now,
    /** Off unless given: tests and small deployments see every presence read fresh. */
    private readonly bigRooms: RoomPresenceCache = new RoomPresenceCache({ ttlMs: 0 }),
    private readonly maxRoomsPerConnection: number = DEFAULT_MAX_ROOMS_PER_CONNECTION,
  ) {}

  public async connect(request: ConnectRequest): Promise<Connection> {
    if (!isValidUserName(request.userName)) {
      const shown = typeof request.userName === 'string' ? `"${request.userName.slice(0, 40)}"` : 'missing';
      throw new InvalidUserNameError(`Display name ${shown} is not valid. ${USER_NAME_RULE}`);
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
    const connection = await this.store.findConnection(connectionId);
    if (connection === undefined) throw new UnknownConnectionError(connectionId);
    // Each room a connection is in costs a delivery per message and rows to clean up, so it is
    // capped. Two joins racing past the cap may both pass (the count is read, not locked): the
    // cap can be exceeded by the joins in flight at once, never grown without bound.
    const rooms = await this.store.listRooms(connectionId, this.maxRoomsPerConnection);
    if (rooms.length >= this.maxRoomsPerConnection && !rooms.includes(roomId)) {
      throw new TooManyRoomsError(this.maxRoomsPerConnection);
    }
    await this.store.addMembership(connection, roomId, this.now());
    // Presence is read eventually consistent, so the row just written may not show yet; the
    // joiner is in the room all the same.
    return this.presence(roomId, [connection.userName]);
  }

  public async leaveRoom(connectionId: string, roomId: string): Promise<Presence> {
    await this.store.removeMembership(connectionId, roomId);
    // Eventually consistent like every presence read: for a moment the answer may still list the
    // leaver's name (which another tab of the same person may keep in the room anyway).
    return this.whoIsOnline(roomId);
  }

  public async whoIsOnline(roomId: string): Promise<Presence> {
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
