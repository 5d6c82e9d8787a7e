// ConnectionDirectory over the connections table (key design in @chorus/keys).
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CONNECTION_PREFIX, connectionIdFromSk, roomShardPk } from '@chorus/keys';
import { ConnectionRows, type BatchRetryPolicy, type Sleep } from '@chorus/lambda-kit';
import type { ConnectionDirectory, RoomShardPage } from './connectionDirectory';
import type { ShardCursor } from './deliveryJob';

export interface DynamoConnectionDirectoryOptions {
  tableName: string;
  shards: number;
  /** Items per Query page; small pages let jobs stream out while paging continues. */
  pageSize?: number;
  /** How deletes re-send UnprocessedItems (the kit's default otherwise). */
  batchRetry?: BatchRetryPolicy;
  sleep?: Sleep;
}

export class DynamoConnectionDirectory implements ConnectionDirectory {
  public readonly shards: number;
  private readonly tableName: string;
  private readonly pageSize: number;
  /** Deletes go through the kit, the one owner of the connections table's deletes. */
  private readonly rows: ConnectionRows;

  public constructor(
    private readonly client: DynamoDBDocumentClient,
    options: DynamoConnectionDirectoryOptions,
  ) {
    this.tableName = options.tableName;
    this.shards = options.shards;
    this.pageSize = options.pageSize ?? 1000;
    this.rows = new ConnectionRows({
      client,
      tableName: options.tableName,
      roomShards: options.shards,
      ...(options.batchRetry !== undefined ? { batchRetry: options.batchRetry } : {}),
      ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    });
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
    const { deleted } = await this.rows.removeConnection(connectionId);
    return deleted;
  }
}
