// Test doubles: an in-memory ConnectionStore with the same semantics as the DynamoDB one, and
// logger/metrics recorders so tests can see what a handler logged and counted.
import { roomShard } from '@chorus/keys';
import type {
  Connection,
  ConnectionStore,
  RemovedConnection,
  RoomUserNames,
} from '../../src/connectionStore';
import { ConnectionService } from '../../src/connectionService';
import { UnknownConnectionError } from '../../src/errors';
import type { HandlerDeps, HandlerLogger, HandlerMetrics } from '../../src/invocation';

export class InMemoryConnectionStore implements ConnectionStore {
  public readonly connections = new Map<string, Connection>();
  /** connectionId → rooms */
  public readonly memberships = new Map<string, Set<string>>();
  /** `${roomId}#${shard}` → connectionId → userName */
  public readonly roomMembers = new Map<string, Map<string, string>>();

  public constructor(private readonly shards = 4) {}

  public async saveConnection(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, { ...connection });
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

export interface RecordingLogger extends HandlerLogger {
  appendKeys: jest.Mock;
  resetKeys: jest.Mock;
  addContext: jest.Mock;
  info: jest.Mock;
  warn: jest.Mock;
  error: jest.Mock;
}

export function recordingLogger(): RecordingLogger {
  return {
    appendKeys: jest.fn(),
    resetKeys: jest.fn(),
    addContext: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
  } as unknown as RecordingLogger;
}

export interface RecordingMetrics extends HandlerMetrics {
  /** Metric name → summed value, of everything published so far. */
  published: Map<string, number>;
  addMetric: jest.Mock;
  publishStoredMetrics: jest.Mock;
}

/** Mimics Powertools: metrics are buffered by addMetric and flushed by publishStoredMetrics. */
export function recordingMetrics(): RecordingMetrics {
  let stored: Array<[string, number]> = [];
  const published = new Map<string, number>();
  const metrics = {
    published,
    addMetric: jest.fn(),
    hasStoredMetrics: () => stored.length > 0,
    publishStoredMetrics: jest.fn(),
  } as unknown as RecordingMetrics;
  metrics.addMetric.mockImplementation((name: string, _unit: unknown, value: number) => {
    stored.push([name, value]);
    return metrics;
  });
  metrics.publishStoredMetrics.mockImplementation(() => {
    for (const [name, value] of stored) published.set(name, (published.get(name) ?? 0) + value);
    stored = [];
    return metrics;
  });
  return metrics;
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
