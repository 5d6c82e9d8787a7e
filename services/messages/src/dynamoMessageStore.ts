// MessageStore on the messages table (key design in @chorus/keys messages.ts).
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  DEDUP_KIND,
  DEDUP_TTL_SECONDS,
  MESSAGE_KIND,
  dedupKey,
  messageKey,
  roomMessagesPk,
  type DedupItem,
  type MessageItem,
} from '@chorus/keys';
import type { ChatMessage } from '@chorus/protocol';
import {
  cancellationReasons,
  fullJitterDelayMs,
  isTransactionCanceled,
  realSleep,
  type Sleep,
} from '@chorus/lambda-kit';
import { DedupRecordMissingError, MessageIdConflictError, WriteContentionError } from './errors';
import type { MessagePage, MessageStore, NewMessage, PageRequest, SaveOutcome } from './messageStore';

/** Positions of the two puts in the transaction; CancellationReasons follow the same order. */
const MESSAGE_INDEX = 0;
const DEDUP_INDEX = 1;

export interface DynamoMessageStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Attempts when a concurrent transaction on the same marker cancels ours (default 3). */
  maxWriteAttempts?: number;
  /** Waits between attempts; injectable so tests do not sleep. */
  sleep?: Sleep;
}

/** Between attempts on a contended marker: short, jittered (the race is usually our own resend). */
const CONTENTION_BACKOFF = { baseMs: 20, capMs: 200 };

function toChatMessage(item: Record<string, unknown>): ChatMessage | undefined {
  const fields = ['roomId', 'messageId', 'clientMsgId', 'sender', 'senderId', 'text', 'sentAt'] as const;
  if (item['kind'] !== MESSAGE_KIND || fields.some((field) => typeof item[field] !== 'string'))
    return undefined;
  // Copy field by field: the item also holds keys and the sender's connection id, which must not
  // reach other clients.
  return {
    roomId: item['roomId'] as string,
    messageId: item['messageId'] as string,
    clientMsgId: item['clientMsgId'] as string,
    sender: item['sender'] as string,
    senderId: item['senderId'] as string,
    text: item['text'] as string,
    sentAt: item['sentAt'] as string,
  };
}

export class DynamoMessageStore implements MessageStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxWriteAttempts: number;
  private readonly sleep: Sleep;

  public constructor(options: DynamoMessageStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxWriteAttempts = Math.max(1, options.maxWriteAttempts ?? 3);
    this.sleep = options.sleep ?? realSleep;
  }

  public async saveOnce(message: NewMessage): Promise<SaveOutcome> {
    const dedup = dedupKey(message.roomId, message.senderId, message.clientMsgId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.writeMessageAndMarker(message);
        return { status: 'created' };
      } catch (error) {
        if (!isTransactionCanceled(error)) throw error;
        const reasons = cancellationReasons(error);
        if (reasons[DEDUP_INDEX]?.Code === 'ConditionalCheckFailed') return this.readOriginal(dedup);
        if (reasons[MESSAGE_INDEX]?.Code === 'ConditionalCheckFailed') {
          throw new MessageIdConflictError(message.messageId);
        }
        const contended = reasons.some((reason) => reason.Code === 'TransactionConflict');
        if (!contended) throw error;
        if (attempt >= this.maxWriteAttempts) throw new WriteContentionError(attempt);
        // The competing transaction is usually the same message resent; after it commits, the
        // next attempt sees its marker and acks the original.
        await this.sleep(fullJitterDelayMs(attempt, CONTENTION_BACKOFF));
      }
    }
  }

  private async writeMessageAndMarker(message: NewMessage): Promise<void> {
    const messageItem: MessageItem = {
      ...messageKey(message.roomId, message.messageId),
      kind: MESSAGE_KIND,
      roomId: message.roomId,
      messageId: message.messageId,
      clientMsgId: message.clientMsgId,
      sender: message.sender,
      senderId: message.senderId,
      text: message.text,
      sentAt: message.sentAt,
    };
    const dedupItem: DedupItem = {
      ...dedupKey(message.roomId, message.senderId, message.clientMsgId),
      kind: DEDUP_KIND,
      messageId: message.messageId,
      sentAt: message.sentAt,
      ttl: Math.floor(Date.parse(message.sentAt) / 1000) + DEDUP_TTL_SECONDS,
    };
    const transactItems = [];
    transactItems[MESSAGE_INDEX] = {
      Put: { TableName: this.tableName, Item: messageItem, ConditionExpression: 'attribute_not_exists(pk)' },
    };
    transactItems[DEDUP_INDEX] = {
      Put: { TableName: this.tableName, Item: dedupItem, ConditionExpression: 'attribute_not_exists(pk)' },
    };
    await this.client.send(new TransactWriteCommand({ TransactItems: transactItems }));
  }

  private async readOriginal(key: { pk: string; sk: string }): Promise<SaveOutcome> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    const messageId = Item?.['messageId'];
    const sentAt = Item?.['sentAt'];
    if (typeof messageId !== 'string' || typeof sentAt !== 'string')
      throw new DedupRecordMissingError(key.pk);
    return { status: 'duplicate', messageId, sentAt };
  }

  public async readPage(request: PageRequest): Promise<MessagePage> {
    const { roomId, cursor, limit } = request;
    const forward = cursor.kind === 'after';
    const input: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': roomMessagesPk(roomId) },
      // Backward pages (before / latest) read newest first so the page is the one next to the cursor.
      ScanIndexForward: forward,
      // One extra item tells whether another page exists, without a second request.
      Limit: limit + 1,
      // Catch-up after a reconnect must see messages acked a moment ago.
      ConsistentRead: true,
    };
    if (cursor.kind !== 'latest') {
      input.KeyConditionExpression = `#pk = :pk AND #sk ${forward ? '>' : '<'} :cursor`;
      input.ExpressionAttributeNames = { '#pk': 'pk', '#sk': 'sk' };
      input.ExpressionAttributeValues = { ':pk': roomMessagesPk(roomId), ':cursor': cursor.messageId };
    }

    const { Items = [], LastEvaluatedKey } = await this.client.send(new QueryCommand(input));
    // A Query also stops after 1 MB read: then fewer than limit+1 items come back, but
    // LastEvaluatedKey says the room goes on (100 long messages can pass 1 MB).
    const hasMore = Items.length > limit || LastEvaluatedKey !== undefined;
    const nearestFirst = Items.slice(0, limit)
      .map(toChatMessage)
      .filter((message): message is ChatMessage => message !== undefined);
    return { messages: forward ? nearestFirst : nearestFirst.reverse(), hasMore };
  }
}
