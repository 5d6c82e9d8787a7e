import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { DEDUP_TTL_SECONDS, dedupKey, messageKey, roomMessagesPk } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoMessageStore } from '../../src/dynamoMessageStore';
import { DedupRecordMissingError, MessageIdConflictError, WriteContentionError } from '../../src/errors';
import type { NewMessage } from '../../src/messageStore';

const TABLE = 'chorus-messages-test';
const ddb = mockClient(DynamoDBDocumentClient);

function newStore(options: { maxWriteAttempts?: number } = {}) {
  const sleeps: number[] = [];
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const store = new DynamoMessageStore({
    client,
    tableName: TABLE,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { store, sleeps };
}

function newMessage(overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    roomId: 'lobby',
    messageId: '01JD0000000000000000000001',
    clientMsgId: 'c-1',
    sender: 'alice',
    senderId: 'user-alice',
    text: '<b>hi</b>',
    sentAt: '2026-11-28T01:00:00.000Z',
    ...overrides,
  };
}

function canceled(codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

function messageItem(n: number, roomId = 'lobby') {
  const messageId = `01JD${String(n).padStart(22, '0')}`;
  return {
    ...messageKey(roomId, messageId),
    kind: 'message',
    roomId,
    messageId,
    clientMsgId: `c-${n}`,
    sender: 'alice',
    senderId: 'user-alice',
    // Rows written before it was dropped still carry it; reads must not pass it on.
    senderConnectionId: 'AbCdEfGhIjKlMnO=',
    text: `text ${n}`,
    sentAt: new Date(1_790_000_000_000 + n).toISOString(),
  };
}

beforeEach(() => ddb.reset());

describe('DynamoMessageStore.saveOnce', () => {
  it('writes the message and its dedup marker in one transaction, both conditioned on not existing', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const message = newMessage();

    await expect(newStore().store.saveOnce(message)).resolves.toEqual({ status: 'created' });

    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Put).toEqual({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        ...messageKey('lobby', message.messageId),
        kind: 'message',
        roomId: 'lobby',
        messageId: message.messageId,
        clientMsgId: 'c-1',
        sender: 'alice',
        senderId: 'user-alice',
        text: '<b>hi</b>',
        sentAt: message.sentAt,
      },
    });
    expect(items[1]!.Put).toEqual({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        ...dedupKey('lobby', 'user-alice', 'c-1'),
        kind: 'dedup',
        messageId: message.messageId,
        sentAt: message.sentAt,
        ttl: Math.floor(Date.parse(message.sentAt) / 1000) + DEDUP_TTL_SECONDS,
      },
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('on a repeated clientMsgId reads the marker and returns the original id and time', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['None', 'ConditionalCheckFailed']));
    ddb.on(GetCommand).resolves({
      Item: {
        ...dedupKey('lobby', 'user-alice', 'c-1'),
        kind: 'dedup',
        messageId: '01JC0000000000000000000009',
        sentAt: '2026-11-27T00:00:00.000Z',
        ttl: 1,
      },
    });

    await expect(newStore().store.saveOnce(newMessage())).resolves.toEqual({
      status: 'duplicate',
      messageId: '01JC0000000000000000000009',
      sentAt: '2026-11-27T00:00:00.000Z',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: dedupKey('lobby', 'user-alice', 'c-1'),
      ConsistentRead: true,
    });
  });

  it('fails loudly when the marker blocked the write but cannot be read back', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['None', 'ConditionalCheckFailed']));
    ddb.on(GetCommand).resolves({});

    await expect(newStore().store.saveOnce(newMessage())).rejects.toBeInstanceOf(DedupRecordMissingError);
  });

  it('refuses to overwrite an existing message id', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['ConditionalCheckFailed', 'None']));

    await expect(newStore().store.saveOnce(newMessage())).rejects.toBeInstanceOf(MessageIdConflictError);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('retries a transaction conflict, then acks the original once the competing write committed', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(canceled(['None', 'TransactionConflict']))
      .rejectsOnce(canceled(['None', 'ConditionalCheckFailed']));
    ddb
      .on(GetCommand)
      .resolves({ Item: { messageId: '01JC0000000000000000000009', sentAt: '2026-11-27T00:00:00.000Z' } });
    const { store, sleeps } = newStore();

    await expect(store.saveOnce(newMessage())).resolves.toMatchObject({ status: 'duplicate' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after maxWriteAttempts conflicts with WriteContentionError', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['TransactionConflict', 'None']));
    const { store, sleeps } = newStore({ maxWriteAttempts: 3 });

    await expect(store.saveOnce(newMessage())).rejects.toBeInstanceOf(WriteContentionError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('passes throttling through unchanged (recognised later by name)', async () => {
    const throttled = new ProvisionedThroughputExceededException({
      message: 'slow down',
      $metadata: { httpStatusCode: 400 },
    });
    ddb.on(TransactWriteCommand).rejects(throttled);

    await expect(newStore().store.saveOnce(newMessage())).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('passes a transaction cancelled for throttling through without retrying', async () => {
    ddb.on(TransactWriteCommand).rejects(canceled(['ThrottlingError', 'None']));

    await expect(newStore().store.saveOnce(newMessage())).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('passes other errors through', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'odd', $metadata: {} }));

    await expect(newStore().store.saveOnce(newMessage())).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
  });
});

describe('DynamoMessageStore.readPage', () => {
  it('latest: queries the room newest first with limit+1 and returns ascending', async () => {
    ddb.on(QueryCommand).resolves({ Items: [messageItem(5), messageItem(4), messageItem(3)] });

    const page = await newStore().store.readPage({ roomId: 'lobby', cursor: { kind: 'latest' }, limit: 2 });

    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': roomMessagesPk('lobby') },
      ScanIndexForward: false,
      Limit: 3,
      ConsistentRead: true,
    });
    expect(page.messages.map((m) => m.messageId)).toEqual([
      messageItem(4).messageId,
      messageItem(5).messageId,
    ]);
    expect(page.hasMore).toBe(true);
  });

  it('before: sk < cursor, descending, no more when the extra item is absent', async () => {
    const cursor = messageItem(10).messageId;
    ddb.on(QueryCommand).resolves({ Items: [messageItem(2), messageItem(1)] });

    const page = await newStore().store.readPage({
      roomId: 'lobby',
      cursor: { kind: 'before', messageId: cursor },
      limit: 2,
    });

    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input.KeyConditionExpression).toBe('#pk = :pk AND #sk < :cursor');
    expect(input.ExpressionAttributeNames).toEqual({ '#pk': 'pk', '#sk': 'sk' });
    expect(input.ExpressionAttributeValues).toEqual({ ':pk': roomMessagesPk('lobby'), ':cursor': cursor });
    expect(input.ScanIndexForward).toBe(false);
    expect(input.Limit).toBe(3);
    expect(page.messages.map((m) => m.messageId)).toEqual([
      messageItem(1).messageId,
      messageItem(2).messageId,
    ]);
    expect(page.hasMore).toBe(false);
  });

  it('after: sk > cursor, ascending, hasMore when more than limit are newer', async () => {
    const cursor = messageItem(1).messageId;
    ddb.on(QueryCommand).resolves({ Items: [messageItem(2), messageItem(3), messageItem(4)] });

    const page = await newStore().store.readPage({
      roomId: 'lobby',
      cursor: { kind: 'after', messageId: cursor },
      limit: 2,
    });

    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input.KeyConditionExpression).toBe('#pk = :pk AND #sk > :cursor');
    expect(input.ExpressionAttributeValues).toEqual({ ':pk': roomMessagesPk('lobby'), ':cursor': cursor });
    expect(input.ScanIndexForward).toBe(true);
    expect(input.Limit).toBe(3);
    expect(page.messages.map((m) => m.messageId)).toEqual([
      messageItem(2).messageId,
      messageItem(3).messageId,
    ]);
    expect(page.hasMore).toBe(true);
  });

  it('hasMore when the Query stopped at its 1 MB read limit before limit+1 items', async () => {
    const cursor = messageItem(1).messageId;
    ddb.on(QueryCommand).resolves({
      Items: [messageItem(2), messageItem(3)],
      LastEvaluatedKey: messageKey('lobby', messageItem(3).messageId),
    });

    const page = await newStore().store.readPage({
      roomId: 'lobby',
      cursor: { kind: 'after', messageId: cursor },
      limit: 5,
    });

    expect(page.messages.map((m) => m.messageId)).toEqual([
      messageItem(2).messageId,
      messageItem(3).messageId,
    ]);
    expect(page.hasMore).toBe(true);
  });

  it('returns only chat fields (never the sender connection id or keys)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [messageItem(1)] });

    const page = await newStore().store.readPage({ roomId: 'lobby', cursor: { kind: 'latest' }, limit: 10 });

    const { pk: _pk, sk: _sk, kind: _kind, senderConnectionId: _c, ...chat } = messageItem(1);
    expect(page).toEqual({ messages: [chat], hasMore: false });
  });

  it('handles an empty room and skips items that are not chat messages', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({})
      .resolvesOnce({ Items: [{ pk: 'ROOM#lobby', sk: 'x', kind: 'other' }] });
    const { store } = newStore();

    await expect(store.readPage({ roomId: 'lobby', cursor: { kind: 'latest' }, limit: 5 })).resolves.toEqual({
      messages: [],
      hasMore: false,
    });
    await expect(store.readPage({ roomId: 'lobby', cursor: { kind: 'latest' }, limit: 5 })).resolves.toEqual({
      messages: [],
      hasMore: false,
    });
  });

  it('passes query errors through', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    await expect(
      newStore().store.readPage({ roomId: 'lobby', cursor: { kind: 'latest' }, limit: 5 }),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
