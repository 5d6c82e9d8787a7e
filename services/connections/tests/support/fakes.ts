// Test doubles: an in-memory ConnectionStore with the same semantics as the DynamoDB one, and
// the kit's logger/metrics recorders so tests can see what a handler logged and counted.
import { roomShard } from '@chorus/keys';
import type {
  Connection,
  ConnectionStore,
  RemovedConnection,
  Room,
  RoomUserNames,
} from '../../src/connectionStore';
import { ConnectionService } from '../../src/connectionService';
import { UnknownConnectionError } from '../../src/errors';
import {
  recordingLogger,
  recordingMetrics,
  type RecordingLogger,
  type RecordingMetrics,
} from '../../../../packages/lambda-kit/tests/support/recorders';
import type { HandlerDeps } from '../../src/container';

export { recordingLogger, recordingMetrics };

export class InMemoryConnectionStore implements ConnectionStore {
  public readonly connections = new Map<string, Connection>();
  /** connectionId → rooms */
  public readonly memberships = new Map<string, Set<string>>();
  /** `${roomId}#${shard}` → connectionId → userName */
  public readonly roomMembers = new Map<string, Map<string, string>>();

  /** roomId → meta */
  public readonly rooms = new Map<string, Room>();
  /** roomId → user ids on its member list */
  public readonly access = new Map<string, Set<string>>();

  public constructor(private readonly shards = 4) {}

  public async saveConnection(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, { ...connection });
  }

  public async listUserConnections(userId: string, limit: number): Promise<string[]> {
    return [...this.connections.values()]
      .filter((c) => c.userId === userId)
      .map((c) => c.connectionId)
      .slice(0, limit);
  }

  public async findRoom(roomId: string): Promise<Room | undefined> {
    const room = this.rooms.get(roomId);
    return room === undefined ? undefined : { ...room };
  }

  public async createRoom(room: Room, members: readonly string[]): Promise<boolean> {
    if (this.rooms.has(room.roomId)) return false;
    this.rooms.set(room.roomId, { ...room });
    if (members.length > 0) this.access.set(room.roomId, new Set(members));
    return true;
  }

  public async claimPublicRoom(roomId: string): Promise<Room> {
    await this.createRoom({ roomId, visibility: 'public' }, []);
    return { ...this.rooms.get(roomId)! };
  }

  public async hasAccess(roomId: string, userId: string): Promise<boolean> {
    return this.access.get(roomId)?.has(userId) ?? false;
  }

  public async addAccess(roomId: string, userId: string): Promise<void> {
    const list = this.access.get(roomId) ?? new Set<string>();
    list.add(userId);
    this.access.set(roomId, list);
  }

  public async removeAccess(roomId: string, userId: string): Promise<void> {
    this.access.get(roomId)?.delete(userId);
  }

  public async isMember(connectionId: string, roomId: string): Promise<boolean> {
    return this.memberships.get(connectionId)?.has(roomId) ?? false;
  }

  public async findConnection(connectionId: string): Promise<Connection | undefined> {
    const found = this.connections.get(connectionId);
    return found === undefined ? undefined : { ...found };
  }

  public async addMembership(connection: Connection, roomId: string): Promise<void> {
    if (!this.connections.has(connection.connectionId))
      throw new UnknownConnectionError(connection.connectionId);
    const rooms = this.memberships.get(connection.connectionId) ?? new Set<string>();
    rooms.add(roomId);
    this.memberships.set(connection.connectionId, rooms);
    const partition = this.partition(roomId, connection.connectionId);
    const members = this.roomMembers.get(partition) ?? new Map<string, string>();
    members.set(connection.connectionId, connection.userName);
    this.roomMembers.set(partition, members);
  }

  public async listRooms(connectionId: string, limit: number): Promise<string[]> {
    return [...(this.memberships.get(connectionId) ?? [])].slice(0, limit);
  }

  public async removeMembership(connectionId: string, roomId: string): Promise<void> {
    this.memberships.get(connectionId)?.delete(roomId);
    this.roomMembers.get(this.partition(roomId, connectionId))?.delete(connectionId);
  }

  public async removeConnection(connectionId: string): Promise<RemovedConnection> {
    this.connections.delete(connectionId);
    const rooms = [...(this.memberships.get(connectionId) ?? [])];
    for (const roomId of rooms) await this.removeMembership(connectionId, roomId);
    this.memberships.delete(connectionId);
    return { rooms };
  }

  /** Like the DynamoDB store: reads at most maxNames + 1 members in all, whatever the room's size. */
  public async listRoomUserNames(roomId: string, maxNames: number): Promise<RoomUserNames> {
    const names = new Set<string>();
    let budget = maxNames + 1;
    for (let shard = 0; shard < this.shards; shard += 1) {
      for (const name of this.roomMembers.get(`${roomId}#${shard}`)?.values() ?? []) {
        if (budget === 0) return { names: [...names], complete: false };
        names.add(name);
        budget -= 1;
      }
    }
    return { names: [...names], complete: true };
  }

  private partition(roomId: string, connectionId: string): string {
    return `${roomId}#${roomShard(connectionId, this.shards)}`;
  }
}

export interface TestDeps extends HandlerDeps {
  store: InMemoryConnectionStore;
  logger: RecordingLogger;
  metrics: RecordingMetrics;
}

export function testDeps(now: () => number = () => 1_764_000_100_000): TestDeps {
  const store = new InMemoryConnectionStore();
  return {
    store,
    service: new ConnectionService(store, now),
    logger: recordingLogger(),
    metrics: recordingMetrics(),
  };
}

export function connection(userName: string, connectionId = `c-${userName}`): Connection {
  return { connectionId, userId: `user-${userName}`, userName, connectedAt: 1_764_000_000_000 };
}
