// ConnectionDirectory over the connections table (key design in @chorus/keys).
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_META_SK,
  CONNECTION_PREFIX,
  ROOM_PREFIX,
  connectionIdFromSk,
  connectionKey,
  membershipKey,
  roomIdFromSk,
  roomMemberKey,
  roomShardPk,
  type ConnectionKey,
} from '@chorus/keys';
import { fullJitterDelay, realSleep, type BackoffPolicy, type Sleep } from './backoff';
import type { ConnectionDirectory, RoomShardPage } from './ConnectionDirectory';
import type { ShardCursor } from './DeliveryJob';
import { ConnectionCleanupError } from './errors';

/** BatchWriteItem takes at most 25 requests per call. */
const BATCH_WRITE_MAX = 25;

export interface DynamoConnectionDirectoryOptions {
  tableName: string;
  shards: number;
  /** Items per Query page; small pages let jobs stream out while paging continues. */
  pageSize?: number;
  /** Retries of UnprocessedItems before giving up. */
  unprocessedRetries?: number;
  backoff?: BackoffPolicy;
  sleep?: Sleep;
}

export class DynamoConnectionDirectory implements ConnectionDirectory {
  public readonly shards: number;
  private readonly tableName: string;
  private readonly pageSize: number;
  private readonly unprocessedRetries: number;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: Sleep;

  public constructor(
    private readonly client: DynamoDBDocumentClient,
    options: DynamoConnectionDirectoryOptions,
  ) {
    this.tableName = options.tableName;
    this.shards = options.shards;
    this.pageSize = options.pageSize ?? 1000;
    this.unprocessedRetries = options.unprocessedRetries ?? 5;
    this.backoff = options.backoff ?? { baseMs: 50, capMs: 2000 };
    this.sleep = options.sleep ?? realSleep;
  }

  public async *roomShardPages(
    roomId: string,
    shard: number,
    from?: ShardCursor,
  ): AsyncIterable<RoomShardPage> {
    let startKey: Record<string, unknown> | undefined = from;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': roomShardPk(roomId, shard) },
          // Fan-out only needs ids: project the sort key so pages stay tiny (KEYS_ONLY style).
          ProjectionExpression: 'sk',
          Limit: this.pageSize,
          ExclusiveStartKey: startKey,
        }),
      );
      const connectionIds = (page.Items ?? [])
        .map((item) => item['sk'])
        .filter((sk): sk is string => typeof sk === 'string' && sk.startsWith(CONNECTION_PREFIX))
        .map(connectionIdFromSk);
      startKey = page.LastEvaluatedKey;
      if (connectionIds.length > 0) {
        yield startKey === undefined ? { connectionIds } : { connectionIds, next: startKey as ShardCursor };
      }
    } while (startKey !== undefined);
  }

  public async deleteConnection(connectionId: string): Promise<number> {
    const keys = await this.connectionRowKeys(connectionId);
    for (let i = 0; i < keys.length; i += BATCH_WRITE_MAX) {
      await this.deleteKeys(keys.slice(i, i + BATCH_WRITE_MAX), connectionId);
    }
    return keys.length;
  }

  /** Keys of the connection's own rows plus the room-member item of each room it joined. */
  private async connectionRowKeys(connectionId: string): Promise<ConnectionKey[]> {
    const keys: ConnectionKey[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#shard': 'shard' },
          ExpressionAttributeValues: { ':pk': connectionKey(connectionId).pk },
          ProjectionExpression: '#sk, #shard',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = item['sk'];
        if (sk === CONNECTION_META_SK) {
          keys.push(connectionKey(connectionId));
        } else if (typeof sk === 'string' && sk.startsWith(ROOM_PREFIX)) {
          const roomId = roomIdFromSk(sk);
          keys.push(membershipKey(connectionId, roomId));
          keys.push(this.roomMemberKeyOf(connectionId, roomId, item['shard']));
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    // A connection whose META row already expired may still have room-member items; delete the
    // META key anyway (deleting a missing item is a no-op) so no half-state survives.
    if (!keys.some((key) => key.sk === CONNECTION_META_SK)) keys.unshift(connectionKey(connectionId));
    return keys;
  }

  /** The membership remembers its shard; fall back to hashing when an old row lacks it. */
  private roomMemberKeyOf(connectionId: string, roomId: string, shard: unknown): ConnectionKey {
    if (typeof shard === 'number' && Number.isInteger(shard) && shard >= 0) {
      return { pk: roomShardPk(roomId, shard), sk: `${CONNECTION_PREFIX}${connectionId}` };
    }
    return roomMemberKey(roomId, connectionId, this.shards);
  }

  private async deleteKeys(keys: ConnectionKey[], connectionId: string): Promise<void> {
    let requests = keys.map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    for (let retry = 0; ; retry += 1) {
      const result = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      const unprocessed = result.UnprocessedItems?.[this.tableName] ?? [];
      if (unprocessed.length === 0) return;
      if (retry >= this.unprocessedRetries) {
        throw new ConnectionCleanupError(
          `${unprocessed.length} row(s) of connection ${connectionId} were left unprocessed after ${retry + 1} tries`,
        );
      }
      requests = unprocessed as typeof requests;
      await this.sleep(fullJitterDelay(retry, this.backoff));
    }
  }
}
