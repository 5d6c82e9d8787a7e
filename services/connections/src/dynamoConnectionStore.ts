// ConnectionStore on the connections table (item layout in @chorus/keys/connections.ts).
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_PREFIX,
  ROOM_PREFIX,
  connectionKey,
  connectionTtl,
  membershipKey,
  roomIdFromSk,
  roomShard,
  roomShardPk,
  roomShardPks,
  type ConnectionItem,
  type ConnectionKey,
  type MembershipItem,
  type RoomMemberItem,
} from '@chorus/keys';
import { cancellationReasons, isRetryableCancellation, isThrottlingError } from './awsErrors';
import type { Connection, ConnectionStore, RemovedConnection, RoomUserNames } from './connectionStore';
import { IncompleteBatchError, ThrottledError, UnknownConnectionError } from './errors';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;
/**
 * Parallel rounds of presence reads at most: the first spreads the budget evenly, the next ones
 * give what uneven shards left unused to those with more. Bounds the latency of a join as well.
 */
const PRESENCE_READ_ROUNDS = 3;

export interface BatchRetryPolicy {
  /** Calls per chunk before giving up on UnprocessedItems (the first call included). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface DynamoConnectionStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  roomShards: number;
  batchRetry?: BatchRetryPolicy;
  /** Injected so tests do not wait; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULT_BATCH_RETRY: BatchRetryPolicy = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 1000 };

type StoredItem = Record<string, unknown>;

export class DynamoConnectionStore implements ConnectionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly roomShards: number;
  private readonly batchRetry: BatchRetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  public constructor(options: DynamoConnectionStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.roomShards = options.roomShards;
    this.batchRetry = options.batchRetry ?? DEFAULT_BATCH_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
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
    await this.call(() => this.client.send(new PutCommand({ TableName: this.tableName, Item: item })));
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
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            // Guards against a $disconnect that removed the row after we read it: without the
            // check we would leave members behind that no cleanup ever finds.
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: connectionKey(connectionId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: membership } },
            { Put: { TableName: this.tableName, Item: member } },
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new UnknownConnectionError(connectionId);
      throw translate(error);
    }
  }

  public async removeMembership(connectionId: string, roomId: string): Promise<void> {
    // The membership remembers the shard it was written to, so a leave still finds the member
    // item if ROOM_SHARDS changed since the join.
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: membershipKey(connectionId, roomId),
          ConsistentRead: true,
        }),
      ),
    );
    const shard = storedShard(Item) ?? roomShard(connectionId, this.roomShards);
    await this.call(() =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.tableName, Key: membershipKey(connectionId, roomId) } },
            {
              Delete: {
                TableName: this.tableName,
                Key: { pk: roomShardPk(roomId, shard), sk: `${CONNECTION_PREFIX}${connectionId}` },
              },
            },
          ],
        }),
      ),
    );
  }

  public async removeConnection(connectionId: string): Promise<RemovedConnection> {
    // The row goes first: from then on addMembership's condition check fails, so the consistent
    // Query below sees every membership that will ever exist for this connection.
    await this.call(() =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: connectionKey(connectionId) })),
    );
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk },
      ExpressionAttributeNames: { '#shard': 'shard' },
      ProjectionExpression: 'pk, sk, #shard',
      ConsistentRead: true,
    });
    const rooms: string[] = [];
    const keys: ConnectionKey[] = [];
    for (const item of items) {
      const { pk, sk } = item;
      if (typeof pk !== 'string' || typeof sk !== 'string') continue;
      keys.push({ pk, sk });
      if (sk.startsWith(ROOM_PREFIX)) {
        const roomId = roomIdFromSk(sk);
        const shard = storedShard(item) ?? roomShard(connectionId, this.roomShards);
        rooms.push(roomId);
        keys.push({ pk: roomShardPk(roomId, shard), sk: `${CONNECTION_PREFIX}${connectionId}` });
      }
    }
    await this.deleteAll(keys);
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

  /** Every item of one partition, following LastEvaluatedKey to the end. */
  private async queryAll(input: QueryCommand['input']): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  /** Deletes keys 25 at a time, re-sending UnprocessedItems with capped, jittered backoff. */
  private async deleteAll(keys: ConnectionKey[]): Promise<void> {
    for (let start = 0; start < keys.length; start += BATCH_WRITE_MAX) {
      let requests: NonNullable<BatchWriteCommand['input']['RequestItems']>[string] = keys
        .slice(start, start + BATCH_WRITE_MAX)
        .map((key) => ({ DeleteRequest: { Key: { ...key } } }));
      for (let attempt = 1; ; attempt += 1) {
        const result = await this.call(() =>
          this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } })),
        );
        requests = result.UnprocessedItems?.[this.tableName] ?? [];
        if (requests.length === 0) break;
        if (attempt >= this.batchRetry.maxAttempts) throw new IncompleteBatchError(requests.length);
        await this.sleep(this.backoff(attempt));
      }
    }
  }

  /** Full jitter: a random wait up to base·2^(attempt-1), capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.batchRetry.maxDelayMs, this.batchRetry.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translate(error);
    }
  }
}

function storedShard(item: StoredItem | undefined): number | undefined {
  const shard = item?.['shard'];
  return typeof shard === 'number' && Number.isInteger(shard) && shard >= 0 ? shard : undefined;
}

/** SDK errors a client can act on become ours; anything else passes through as-is. */
function translate(error: unknown): unknown {
  if (isThrottlingError(error)) {
    return new ThrottledError('DynamoDB is throttling requests; retry shortly', { cause: error });
  }
  const reasons = cancellationReasons(error);
  if (reasons !== undefined && isRetryableCancellation(reasons)) {
    return new ThrottledError('A concurrent change got in the way; retry shortly', { cause: error });
  }
  return error;
}
