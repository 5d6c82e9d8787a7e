// The one owner of membership writes and of deletes on the connections table (item layout in @chorus/keys/connections.ts).
// The connections service removes a connection on $disconnect and a membership on leaveRoom; the
// fan-out removes a connection PostToConnection called gone. Both go through here, so the order
// that keeps the table free of stranded room members is written once.
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_PREFIX,
  ROOM_PREFIX,
  connectionKey,
  membershipKey,
  roomIdFromSk,
  roomShard,
  roomShardPk,
  userConnectionKey,
  type ConnectionKey,
  type MembershipItem,
  type RoomMemberItem,
} from '@chorus/keys';
import { fullJitterDelayMs, realSleep, type Random, type Sleep } from '@chorus/protocol';
import { IncompleteBatchError } from './errors';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;

export interface BatchRetryPolicy {
  /** Calls per chunk before giving up on UnprocessedItems (the first call included). */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BATCH_RETRY: BatchRetryPolicy = { maxAttempts: 6, baseMs: 50, capMs: 1000 };

export interface ConnectionRowsOptions {
  client: Pick<DynamoDBDocumentClient, 'send'>;
  tableName: string;
  /** ROOM_SHARDS; used only for a membership written before it remembered its shard. */
  roomShards: number;
  batchRetry?: BatchRetryPolicy;
  /** Injected so tests do not wait. */
  sleep?: Sleep;
  random?: Random;
}

export interface RemovedConnectionRows {
  /** Rooms the connection was still a member of. */
  rooms: string[];
  /** Items deleted, the connection row included (deleting a missing item counts too). */
  deleted: number;
}

type StoredItem = Record<string, unknown>;
type WriteRequests = NonNullable<BatchWriteCommand['input']['RequestItems']>[string];

function storedShard(item: StoredItem | undefined): number | undefined {
  const shard = item?.['shard'];
  return typeof shard === 'number' && Number.isInteger(shard) && shard >= 0 ? shard : undefined;
}

/**
 * Deletes on the connections table. Errors of the SDK pass through unchanged, so each caller maps
 * throttling its own way (the connections service answers THROTTLED, the fan-out retries).
 */
export class ConnectionRows {
  private readonly client: Pick<DynamoDBDocumentClient, 'send'>;
  private readonly tableName: string;
  private readonly roomShards: number;
  private readonly batchRetry: BatchRetryPolicy;
  private readonly sleep: Sleep;
  private readonly random: Random;

  public constructor(options: ConnectionRowsOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.roomShards = options.roomShards;
    this.batchRetry = options.batchRetry ?? DEFAULT_BATCH_RETRY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** The room-member item of a membership, in the shard the membership remembers. */
  private roomMemberKey(
    connectionId: string,
    roomId: string,
    membership: StoredItem | undefined,
  ): ConnectionKey {
    // Falls back to hashing for a row without `shard`; the stored shard wins, so a leave still
    // finds the member item if ROOM_SHARDS changed since the join.
    const shard = storedShard(membership) ?? roomShard(connectionId, this.roomShards);
    return { pk: roomShardPk(roomId, shard), sk: `${CONNECTION_PREFIX}${connectionId}` };
  }

  /**
   * Writes both sides of one membership in one batch (no condition: the connections service checks
   * the connection row after the write and removes these rows itself if it is gone).
   */
  public async putMembership(membership: MembershipItem, member: RoomMemberItem): Promise<void> {
    await this.sendBatches([
      { PutRequest: { Item: { ...membership } } },
      { PutRequest: { Item: { ...member } } },
    ]);
  }

  /** Removes both sides of one membership at once. Idempotent. */
  public async removeMembership(connectionId: string, roomId: string): Promise<void> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: membershipKey(connectionId, roomId),
        ConsistentRead: true,
      }),
    );
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: membershipKey(connectionId, roomId) } },
          { Delete: { TableName: this.tableName, Key: this.roomMemberKey(connectionId, roomId, Item) } },
        ],
      }),
    );
  }

  /** Removes the connection row and every membership of it, both sides. Idempotent. */
  public async removeConnection(connectionId: string): Promise<RemovedConnectionRows> {
    // The row goes first: from then on a join's check of it (after its write) fails and the join
    // removes its own rows, so the consistent Query below sees every membership the join keeps.
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: connectionKey(connectionId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    const rooms: string[] = [];
    const keys: ConnectionKey[] = [];
    // The user's entry of this connection (per-user cap, removal from private rooms) goes with it;
    // a second removal finds no row and leaves it to the TTL, which it shares with the row.
    const userId = Attributes?.['userId'];
    if (typeof userId === 'string' && userId.length > 0) keys.push(userConnectionKey(userId, connectionId));
    for (const item of await this.membershipsOf(connectionId)) {
      const sk = item['sk'];
      if (typeof sk !== 'string' || !sk.startsWith(ROOM_PREFIX)) continue;
      const roomId = roomIdFromSk(sk);
      rooms.push(roomId);
      keys.push(membershipKey(connectionId, roomId), this.roomMemberKey(connectionId, roomId, item));
    }
    await this.deleteAll(keys);
    return { rooms, deleted: keys.length + 1 };
  }

  /** Every item left in the connection's partition (its memberships), following LastEvaluatedKey. */
  private async membershipsOf(connectionId: string): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk },
          ExpressionAttributeNames: { '#shard': 'shard' },
          ProjectionExpression: 'pk, sk, #shard',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  /** Deletes keys 25 at a time (see sendBatches). */
  private async deleteAll(keys: ConnectionKey[]): Promise<void> {
    await this.sendBatches(keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })));
  }

  /** BatchWriteItem 25 requests at a time, re-sending UnprocessedItems with capped, jittered backoff. */
  private async sendBatches(all: WriteRequests): Promise<void> {
    for (let start = 0; start < all.length; start += BATCH_WRITE_MAX) {
      let requests = all.slice(start, start + BATCH_WRITE_MAX);
      for (let attempt = 1; ; attempt += 1) {
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = result.UnprocessedItems?.[this.tableName] ?? [];
        if (requests.length === 0) break;
        if (attempt >= this.batchRetry.maxAttempts) throw new IncompleteBatchError(requests.length, attempt);
        await this.sleep(
          fullJitterDelayMs(
            attempt,
            { baseMs: this.batchRetry.baseMs, capMs: this.batchRetry.capMs },
            this.random,
          ),
        );
      }
    }
  }
}
