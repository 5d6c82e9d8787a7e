// Who may enter which room. A room nobody created is public, as every room was before private
// rooms: its first join claims the id as public, so nobody can later "create" it private and take
// its members and history. A private room admits its owner and the user ids on its member list;
// only the owner changes the list. Every refusal is the same ForbiddenError (see errors.ts).
import type { MemberFrame, RemovedFrame, RoomFrame } from '@chorus/protocol';
import type { Connection, ConnectionStore, Room } from './connectionStore';
import { ForbiddenError, InvalidRoomRequestError, RoomExistsError, UnknownConnectionError } from './errors';
import { KnownPublicRooms } from './knownPublicRooms';

/** Most live connections of one user a removal looks at (the per-user cap is far below). */
const REMOVAL_CONNECTIONS_MAX = 100;

/** Pushes a frame to one connection; what happened, never a throw (removal is done by then). */
export interface RoomNotifier {
  post(connectionId: string, frame: RemovedFrame): Promise<'delivered' | 'gone' | 'failed'>;
}

export interface CreateRoomRequest {
  roomId: string;
  private: boolean;
  members: readonly string[];
}

export interface MemberChange {
  frame: MemberFrame;
  /** Connections of the removed user that were in the room and lost their membership. */
  cutOff: string[];
}

export class RoomAccess {
  public constructor(
    private readonly store: ConnectionStore,
    private readonly now: () => number,
    private readonly notifier?: RoomNotifier,
    private readonly knownPublic: KnownPublicRooms = new KnownPublicRooms(),
  ) {}

  public async create(connectionId: string, request: CreateRoomRequest): Promise<RoomFrame> {
    const owner = await this.connection(connectionId);
    if (!request.private && request.members.length > 0) {
      throw new InvalidRoomRequestError(
        'members are only for a private room ("private": true); a public room admits everyone signed in',
      );
    }
    const room: Room = {
      roomId: request.roomId,
      visibility: request.private ? 'private' : 'public',
      ownerId: owner.userId,
    };
    // The owner's own access row first, so a list cut short still lets the owner in.
    const members = request.private ? [...new Set([owner.userId, ...request.members])] : [];
    if (!(await this.store.createRoom(room, members, this.now()))) throw new RoomExistsError(request.roomId);
    return { type: 'room', roomId: room.roomId, private: request.private, ownerId: owner.userId };
  }

  /**
   * The room behind an id, claiming a free id as public. Needs no caller, so a join reads it
   * beside the connection row; a public room seen once is not read again (KnownPublicRooms).
   */
  public async lookup(roomId: string): Promise<Room> {
    if (this.knownPublic.has(roomId)) return { roomId, visibility: 'public' };
    const room =
      (await this.store.findRoom(roomId)) ?? (await this.store.claimPublicRoom(roomId, this.now()));
    if (room.visibility === 'public') this.knownPublic.remember(roomId);
    return room;
  }

  /**
   * The room itself when the connection may enter it, ForbiddenError otherwise. The access list
   * is read only for a private room: a public join reads nothing here.
   */
  public async checkAccess(connection: Connection, room: Room): Promise<Room> {
    if (room.visibility === 'public') return room;
    if (!(await this.store.hasAccess(room.roomId, connection.userId))) throw new ForbiddenError(room.roomId);
    return room;
  }

  /**
   * After a join wrote its rows: the member may have been removed in between, after the removal
   * looked for its connections. The removal deletes the access row before it looks, so either it
   * found these rows, or this read misses the row and takes them away again (as joinRoom does
   * for a connection that closed meanwhile).
   */
  public async confirm(connection: Connection, room: Room): Promise<void> {
    if (room.visibility === 'public') return;
    if (await this.store.hasAccess(room.roomId, connection.userId)) return;
    await this.store.removeMembership(connection.connectionId, room.roomId);
    throw new ForbiddenError(room.roomId);
  }

  /** Routes that need a joined room (whoIsOnline, leaveRoom): one GetItem, for every room. */
  public async requireJoined(connectionId: string, roomId: string): Promise<void> {
    if (!(await this.store.isMember(connectionId, roomId))) throw new ForbiddenError(roomId);
  }

  public async addMember(connectionId: string, roomId: string, userId: string): Promise<MemberFrame> {
    await this.ownedPrivateRoom(connectionId, roomId);
    await this.store.addAccess(roomId, userId, this.now());
    return { type: 'member', roomId, userId, member: true };
  }

  public async removeMember(connectionId: string, roomId: string, userId: string): Promise<MemberChange> {
    const room = await this.ownedPrivateRoom(connectionId, roomId);
    if (userId === room.ownerId) {
      throw new InvalidRoomRequestError('The owner is always a member of their room and cannot be removed');
    }
    // Access first: from here on a join of theirs fails (checkAccess) or undoes itself (confirm).
    await this.store.removeAccess(roomId, userId);
    const cutOff: string[] = [];
    for (const id of await this.store.listUserConnections(userId, REMOVAL_CONNECTIONS_MAX)) {
      if (!(await this.store.isMember(id, roomId))) continue;
      // Its room-member row goes with the membership: the fan-out no longer pages it.
      await this.store.removeMembership(id, roomId);
      cutOff.push(id);
    }
    if (this.notifier !== undefined) {
      const notifier = this.notifier;
      await Promise.all(cutOff.map((id) => notifier.post(id, { type: 'removed', roomId })));
    }
    return { frame: { type: 'member', roomId, userId, member: false }, cutOff };
  }

  /** The room, when the caller owns it and it is private; the same ForbiddenError otherwise. */
  private async ownedPrivateRoom(connectionId: string, roomId: string): Promise<Room> {
    const caller = await this.connection(connectionId);
    const room = await this.store.findRoom(roomId);
    if (room === undefined || room.visibility !== 'private' || room.ownerId !== caller.userId) {
      throw new ForbiddenError(roomId);
    }
    return room;
  }

  private async connection(connectionId: string): Promise<Connection> {
    const connection = await this.store.findConnection(connectionId);
    if (connection === undefined) throw new UnknownConnectionError(connectionId);
    return connection;
  }
}
