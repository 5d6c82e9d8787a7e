// What the service needs from storage, in domain terms. DynamoConnectionStore is the real one;
// tests of the service use an in-memory fake.

/** A live WebSocket connection and who is behind it. */
export interface Connection {
  connectionId: string;
  /** The signed-in user (the token's `sub`, from the authorizer): who the sender is. */
  userId: string;
  /** Display name from the token; two users may share one. */
  userName: string;
  /** Epoch ms, as API Gateway reports it (requestContext.connectedAt). */
  connectedAt: number;
}

export interface RemovedConnection {
  /** Rooms the connection was still a member of when it was removed. */
  rooms: string[];
}

/** A room that was created or first joined. */
export interface Room {
  roomId: string;
  visibility: 'public' | 'private';
  /** Who created it; absent on a public room that was first joined rather than created. */
  ownerId?: string;
}

export interface ConnectionStore {
  /** Writes the connection row and the user's entry of it (both expire with the connection). */
  saveConnection(connection: Connection): Promise<void>;
  /** Ids of the user's live connections (consistent read), at most `limit` of them. */
  listUserConnections(userId: string, limit: number): Promise<string[]>;
  /** The room's meta (consistent read), or undefined when it was never created nor joined. */
  findRoom(roomId: string): Promise<Room | undefined>;
  /**
   * Creates the room if its id is free: the meta, then an access row per member (the owner
   * included). False when the id is taken; nothing is written then.
   */
  createRoom(room: Room, members: readonly string[], createdAt: number): Promise<boolean>;
  /**
   * Takes a free room id as a public room (the first join of a room nobody created), and answers
   * the room as stored: a concurrent createRoom may have taken it first.
   */
  claimPublicRoom(roomId: string, createdAt: number): Promise<Room>;
  /** Whether the user is on the private room's member list (consistent read). */
  hasAccess(roomId: string, userId: string): Promise<boolean>;
  addAccess(roomId: string, userId: string, addedAt: number): Promise<void>;
  /** Idempotent. */
  removeAccess(roomId: string, userId: string): Promise<void>;
  /** Whether the connection has joined the room (consistent read). */
  isMember(connectionId: string, roomId: string): Promise<boolean>;
  findConnection(connectionId: string): Promise<Connection | undefined>;
  /**
   * Makes the connection a member of the room (both sides at once). Idempotent. Throws
   * UnknownConnectionError when the connection row disappeared in the meantime.
   */
  addMembership(connection: Connection, roomId: string, joinedAt: number): Promise<void>;
  /** Removes both sides of a membership at once. Idempotent. */
  removeMembership(connectionId: string, roomId: string): Promise<void>;
  /**
   * Rooms the connection is a member of (consistent read), at most `limit` of them, in no
   * particular order.
   */
  listRooms(connectionId: string, limit: number): Promise<string[]>;
  /** Removes the connection row and every membership of it. Idempotent. */
  removeConnection(connectionId: string): Promise<RemovedConnection>;
  /**
   * Distinct display names of the room's members, all shards, reading about `maxNames` members
   * at most whatever the room's size (eventually consistent): a huge room is never read whole to
   * answer one presence request, and a join costs the same in any room.
   */
  listRoomUserNames(roomId: string, maxNames: number): Promise<RoomUserNames>;
}

export interface RoomUserNames {
  /** Distinct names, in no particular order; at most about `maxNames` of them. */
  names: string[];
  /** True when every shard was read to its end, so `names` is every name in the room. */
  complete: boolean;
}
