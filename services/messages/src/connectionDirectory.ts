// Read-only view of the connections table (owned by services/connections). sendMessage needs the
// sender's user id and display name, which always come from the connection row (written from the
// verified token at $connect) and never from the frame, and
// both routes need to know whether the connection has joined the room.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { connectionKey, membershipKey } from '@chorus/keys';

export interface Sender {
  connectionId: string;
  userId: string;
  userName: string;
}

export interface ConnectionDirectory {
  /** The connection's identity, or undefined when its row is gone or expired. */
  findSender(connectionId: string): Promise<Sender | undefined>;
  /** Whether the connection has joined the room (and the membership has not expired). */
  isMember(connectionId: string, roomId: string): Promise<boolean>;
}

export interface DynamoConnectionDirectoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch ms; rows whose TTL has passed count as gone (TTL deletion lags by up to days). */
  now?: () => number;
}

function isExpired(item: Record<string, unknown>, nowMs: number): boolean {
  const ttl = item['ttl'];
  return typeof ttl === 'number' && ttl * 1000 <= nowMs;
}

export class DynamoConnectionDirectory implements ConnectionDirectory {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => number;

  public constructor(options: DynamoConnectionDirectoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? Date.now;
  }

  public async findSender(connectionId: string): Promise<Sender | undefined> {
    // Consistent read: $connect may have written the row a moment ago.
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: connectionKey(connectionId),
        ConsistentRead: true,
        ProjectionExpression: 'userId, userName, #ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
      }),
    );
    if (Item === undefined || isExpired(Item, this.now())) return undefined;
    const { userId, userName } = Item;
    if (typeof userId !== 'string' || userId.length === 0) return undefined;
    return typeof userName === 'string' && userName.length > 0
      ? { connectionId, userId, userName }
      : undefined;
  }

  public async isMember(connectionId: string, roomId: string): Promise<boolean> {
    // Consistent read: a client typically sends right after its joinRoom was answered.
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: membershipKey(connectionId, roomId),
        ConsistentRead: true,
        ProjectionExpression: 'pk, #ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
      }),
    );
    return Item !== undefined && !isExpired(Item, this.now());
  }
}
