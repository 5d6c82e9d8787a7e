// ConnectionStore on the connections table (item layout in @chorus/keys/connections.ts).
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_PREFIX,
  connectionKey,
  ROOM_PREFIX,
  connectionTtl,
  membershipKey,
  roomAccessKey,
  roomMetaKey,
  roomShard,
  roomShardPk,
  roomShardPks,
  userConnectionKey,
  userConnectionsPk,
  type ConnectionItem,
  type MembershipItem,
  type RoomAccessItem,
  type RoomMemberItem,
  type RoomMetaItem,
  type UserConnectionItem,
} from '@chorus/keys';
import {
  ConnectionRows,
  cancellationReasons,
  errorName,
  isRetryableCancellation,
  fullJitterDelayMs,
  isThrottlingError,
  realSleep,
  type BatchRetryPolicy,
  type Random,
  type Sleep,
} from '@chorus/lambda-kit';
import type { Connection, ConnectionStore, RemovedConnection, Room, RoomUserNames } from './connectionStore';
import { ThrottledError, UnknownConnectionError } from './errors';
/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;
/**
 * Parallel rounds of presence reads at most: the first spreads the budget evenly, the next ones
 * give what uneven shards left unused to those with more. Bounds the latency of a join as well.
 */
const PRESENCE_READ_ROUNDS = 3;

export interface DynamoConnectionStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  roomShards: number;
  /** How deletes re-send UnprocessedItems (the kit's default otherwise). */
  batchRetry?: BatchRetryPolicy;
  /** Injected so tests do not wait; defaults to setTimeout. */
  sleep?: Sleep;
  random?: Random;
}

export class DynamoConnectionStore implements ConnectionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly roomShards: number;
  /** Deletes go through the kit, which the fan-out shares for connections it finds gone. */
  private readonly rows: ConnectionRows;
  private readonly sleep: Sleep;
  private readonly random: Random;

  public constructor(options: DynamoConnectionStoreOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.client = options.client;
    this.tableName = options.tableName;
    this.roomShards = options.roomShards;
    this.rows = new ConnectionRows(options);
  }

  public async saveConnection(connection: Connection): Promise<void> {
    const item: ConnectionItem = {
      ...connectionKey(connection.connectionId),
      connectionId: connection.connectionId,
      userId: connection.userId,
      userName: connection.userName,
      connectedAt: connection.connectedAt,
      ttl: connectionTtl(connection.connectedAt),
    };
    const entry: UserConnectionItem = {
      ...userConnectionKey(connection.userId, connection.connectionId),
      userId: connection.userId,
      connectionId: connection.connectionId,
      ttl: item.ttl,
    };
    // Row first: a user entry without a row would count toward the cap until its TTL.
    await this.call(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: item })));
    await this.call(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: entry })));
  }

  public async listUserConnections(userId: string, limit: number): Promise<string[]> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const { Items = [] } = await this.call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :conn)',
          ExpressionAttributeValues: { ':pk': userConnectionsPk(userId), ':conn': CONNECTION_PREFIX },
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ProjectionExpression: 'connectionId, #ttl',
          ConsistentRead: true,
          Limit: limit,
        }),
      ),
    );
    // TTL deletion lags; an entry past its TTL belongs to a connection API Gateway has closed.
    return Items.filter((item) => typeof item['ttl'] !== 'number' || item['ttl'] > nowSeconds)
      .map((item) => item['connectionId'])
      .filter((id): id is string => typeof id === 'string');
  }

  public async findRoom(roomId: string): Promise<Room | undefined> {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: roomMetaKey(roomId), ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : roomOf(roomId, Item);
  }

  public async createRoom(room: Room, members: readonly string[], createdAt: number): Promise<boolean> {
    const meta: RoomMetaItem = {
      ...roomMetaKey(room.roomId),
      roomId: room.roomId,
      visibility: room.visibility,
      ...(room.ownerId !== undefined ? { ownerId: room.ownerId } : {}),
      createdAt,
    };
    try {
      await this.call(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: meta,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
    // The meta first, then the list: a crash between them leaves a private room its owner can
    // still fill (the owner's own access row comes first), never a list without a room.
    const requests = members.map((userId) => ({
      PutRequest: { Item: this.accessItem(room.roomId, userId, createdAt) },
    }));
    for (let start = 0; start < requests.length; start += BATCH_WRITE_MAX) {
      let chunk = requests.slice(start, start + BATCH_WRITE_MAX);
      for (let attempt = 1; chunk.length > 0; attempt += 1) {
        const result = await this.call(() =>
          this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: chunk } })),
        );
        chunk = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof chunk;
        if (chunk.length === 0) break;
        if (attempt >= 5) {
          throw new ThrottledError('DynamoDB did not take the member list; add the rest with addMember');
        }
        await this.sleep(fullJitterDelayMs(attempt, { baseMs: 50, capMs: 1000 }, this.random));
      }
    }
    return true;
  }

  public async claimPublicRoom(roomId: string, createdAt: number): Promise<Room> {
    const created = await this.createRoom({ roomId, visibility: 'public' }, [], createdAt);
    if (created) return { roomId, visibility: 'public' };
    const stored = await this.findRoom(roomId);
    // The meta is never deleted, so a failed claim always finds one; a missing one reads as public.
    return stored ?? { roomId, visibility: 'public' };
  }

  public async hasAccess(roomId: string, userId: string): Promise<boolean> {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: roomAccessKey(roomId, userId),
          ProjectionExpression: 'pk',
          ConsistentRead: true,
        }),
      ),
    );
    return Item !== undefined;
  }

  public async addAccess(roomId: string, userId: string, addedAt: number): Promise<void> {
    const item = this.accessItem(roomId, userId, addedAt);
    await this.call(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: item })));
  }

  public async removeAccess(roomId: string, userId: string): Promise<void> {
    await this.call(() =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: roomAccessKey(roomId, userId) })),
    );
  }

  public async isMember(connectionId: string, roomId: string): Promise<boolean> {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: membershipKey(connectionId, roomId),
          ProjectionExpression: 'pk',
          ConsistentRead: true,
        }),
      ),
    );
    return Item !== undefined;
  }

  private accessItem(roomId: string, userId: string, addedAt: number): RoomAccessItem {
    return { ...roomAccessKey(roomId, userId), roomId, userId, addedAt };
  }

  public async findConnection(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: connectionKey(connectionId), ConsistentRead: true }),
      ),
    );
    // A row without userId predates sign-in: treated as gone, so the client reconnects with a token.
    if (Item === undefined || typeof Item['userName'] !== 'string' || typeof Item['userId'] !== 'string') {
      return undefined;
    }
    // connectedAt drives the TTL of the rows a join writes; a row without it (never written by us)
    // gets "now" rather than 0, which would make those rows expire at once.
    const connectedAt = typeof Item['connectedAt'] === 'number' ? Item['connectedAt'] : Date.now();
    return { connectionId, userId: Item['userId'], userName: Item['userName'], connectedAt };
  }

  public async addMembership(connection: Connection, roomId: string, joinedAt: number): Promise<void> {
    const { connectionId } = connection;
    // Every row of a connection expires with it, whenever it was written.
    const ttl = connectionTtl(connection.connectedAt);
    const shard = roomShard(connectionId, this.roomShards);
    const membership: MembershipItem = {
      ...membershipKey(connectionId, roomId),
      connectionId,
      roomId,
      shard,
      joinedAt,
      ttl,
    };
    const member: RoomMemberItem = {
      pk: roomShardPk(roomId, shard),
      sk: `${CONNECTION_PREFIX}${connectionId}`,
      connectionId,
      roomId,
      userId: connection.userId,
      userName: connection.userName,
      ttl,
    };
    // Write, then check that the connection still exists, instead of one transaction guarded by
    // the connection row: a transaction costs twice the write units of its items and, in a join
    // storm, most of the table's work. The check keeps the guarantee: removeConnection deletes
    // the row before it looks for memberships, so either it finds these rows, or this read runs
    // after the delete, misses the row and takes them away again itself.
    await this.call(() => this.rows.putMembership(membership, member));
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: connectionKey(connectionId),
          ProjectionExpression: 'pk',
          ConsistentRead: true,
        }),
      ),
    );
    if (Item === undefined) {
      await this.call(() => this.rows.removeMembership(connectionId, roomId));
      throw new UnknownConnectionError(connectionId);
    }
  }

  public async listRooms(connectionId: string, limit: number): Promise<string[]> {
    const { Items = [] } = await this.call(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :room)',
          ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk, ':room': ROOM_PREFIX },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          Limit: limit,
        }),
      ),
    );
    return Items.map((item) => item['sk'])
      .filter((sk): sk is string => typeof sk === 'string')
      .map((sk) => sk.slice(ROOM_PREFIX.length));
  }

  public async removeMembership(connectionId: string, roomId: string): Promise<void> {
    await this.call(() => this.rows.removeMembership(connectionId, roomId));
  }

  public async removeConnection(connectionId: string): Promise<RemovedConnection> {
    const { rooms } = await this.call(() => this.rows.removeConnection(connectionId));
    return { rooms };
  }

  public async listRoomUserNames(roomId: string, maxNames: number): Promise<RoomUserNames> {
    // One read budget for the whole room, whatever its size: about maxNames member items in all
    // (+1 to tell "exactly maxNames" from "more"), split over the shards still open and read in
    // parallel with Limit, in a few rounds so a lopsided room still fills the list. Eventually
    // consistent: presence is a snapshot anyway, and the service adds the joiner itself.
    const names = new Set<string>();
    let budget = maxNames + 1;
    let open: Array<{ pk: string; startKey?: Record<string, unknown> }> = roomShardPks(
      roomId,
      this.roomShards,
    ).map((pk) => ({ pk }));
    for (let round = 0; round < PRESENCE_READ_ROUNDS && open.length > 0 && budget > 0; round += 1) {
      const limit = Math.ceil(budget / open.length);
      const pages = await Promise.all(
        open.map((shard) =>
          this.call(() =>
            this.client.send(
              new QueryCommand({
                TableName: this.tableName,
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': shard.pk },
                ExpressionAttributeNames: { '#userName': 'userName' },
                ProjectionExpression: '#userName',
                Limit: limit,
                ExclusiveStartKey: shard.startKey,
              }),
            ),
          ),
        ),
      );
      const stillOpen: typeof open = [];
      pages.forEach((page, index) => {
        const items = page.Items ?? [];
        budget -= items.length;
        for (const item of items) {
          if (typeof item['userName'] === 'string') names.add(item['userName']);
        }
        if (page.LastEvaluatedKey !== undefined) {
          stillOpen.push({ pk: open[index]!.pk, startKey: page.LastEvaluatedKey });
        }
      });
      open = stillOpen;
    }
    return { names: [...names], complete: open.length === 0 };
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translate(error);
    }
  }
}

/** A stored meta item as the service sees it; anything but `public` is treated as private. */
function roomOf(roomId: string, item: Record<string, unknown>): Room {
  const ownerId = typeof item['ownerId'] === 'string' ? item['ownerId'] : undefined;
  return {
    roomId,
    // Fails closed: a damaged visibility never opens a room.
    visibility: item['visibility'] === 'public' ? 'public' : 'private',
    ...(ownerId !== undefined ? { ownerId } : {}),
  };
}

/** SDK errors a client can act on become ours; anything else passes through as-is. */
function translate(error: unknown): unknown {
  if (isThrottlingError(error)) {
    return new ThrottledError('DynamoDB is throttling requests; retry shortly', { cause: error });
  }
  if (isRetryableCancellation(cancellationReasons(error))) {
    return new ThrottledError('A concurrent change got in the way; retry shortly', { cause: error });
  }
  return error;
}
