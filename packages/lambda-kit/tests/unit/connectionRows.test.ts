import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { roomMemberKey } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectionRows } from '../../src/connectionRows';
import { IncompleteBatchError } from '../../src/errors';

const TABLE = 'chorus-connections-dev';
const ddbMock = mockClient(DynamoDBDocumentClient);

function rows(roomShards = 4, sleeps: number[] = []) {
  return new ConnectionRows({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: TABLE,
    roomShards,
    batchRetry: { maxAttempts: 3, baseMs: 100, capMs: 1000 },
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

function deletedKeys(): unknown[] {
  return ddbMock
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => call.args[0].input.RequestItems?.[TABLE] ?? [])
    .map((request) => request.DeleteRequest?.Key);
}

beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(DeleteCommand).resolves({});
});

describe('ConnectionRows.removeConnection', () => {
  it('deletes the row first, then every membership and the room-member item of each joined room', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ sk: 'ROOM#lobby', shard: 3 }],
        LastEvaluatedKey: { pk: 'CONN#gone=', sk: 'ROOM#lobby' },
      })
      .resolvesOnce({ Items: [{ sk: 'ROOM#random' }] });
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    const removed = await rows(4).removeConnection('gone=');

    const order = ddbMock.calls().map((call) => call.args[0].constructor.name);
    expect(order.slice(0, 2)).toEqual(['DeleteCommand', 'QueryCommand']);
    expect(ddbMock.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'CONN#gone=',
      sk: 'META',
    });
    const queries = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      ExpressionAttributeValues: { ':pk': 'CONN#gone=' },
    });
    expect(queries.every((query) => query.ConsistentRead === true)).toBe(true);
    expect(queries[1]?.ExclusiveStartKey).toEqual({ pk: 'CONN#gone=', sk: 'ROOM#lobby' });
    expect(deletedKeys()).toEqual([
      { pk: 'CONN#gone=', sk: 'ROOM#lobby' },
      // The membership's stored shard wins …
      { pk: 'ROOM#lobby#3', sk: 'CONN#gone=' },
      { pk: 'CONN#gone=', sk: 'ROOM#random' },
      // … and without one the shard is recomputed the way a join writes it.
      roomMemberKey('random', 'gone=', 4),
    ]);
    expect(removed).toEqual({ rooms: ['lobby', 'random'], deleted: 5 });
  });

  it("deletes the user's entry of the connection with its memberships", async () => {
    ddbMock.on(DeleteCommand).resolves({ Attributes: { pk: 'CONN#c1=', sk: 'META', userId: 'u-1' } });
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby', shard: 0 }] });
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    const removed = await rows(1).removeConnection('c1=');

    expect(ddbMock.commandCalls(DeleteCommand)[0]?.args[0].input.ReturnValues).toBe('ALL_OLD');
    expect(deletedKeys()).toEqual([
      { pk: 'USER#u-1', sk: 'CONN#c1=' },
      { pk: 'CONN#c1=', sk: 'ROOM#lobby' },
      { pk: 'ROOM#lobby#0', sk: 'CONN#c1=' },
    ]);
    expect(removed).toEqual({ rooms: ['lobby'], deleted: 4 });
  });

  it('costs only the row delete and one query when nothing is left (idempotent)', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await expect(rows().removeConnection('ghost=')).resolves.toEqual({ rooms: [], deleted: 1 });
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('writes at most 25 deletes per BatchWriteItem', async () => {
    const rooms = Array.from({ length: 20 }, (_, i) => ({ sk: `ROOM#r${i}`, shard: 0 }));
    ddbMock.on(QueryCommand).resolves({ Items: rooms });
    ddbMock.on(BatchWriteCommand).resolves({});

    await rows().removeConnection('busy=');

    const sizes = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 15]);
  });

  it('re-sends only the UnprocessedItems, with full-jitter backoff between attempts', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby', shard: 0 }] });
    const leftover = { DeleteRequest: { Key: { pk: 'ROOM#lobby#0', sk: 'CONN#x=' } } };
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [leftover] } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [leftover] } })
      .resolves({});
    const sleeps: number[] = [];

    await rows(4, sleeps).removeConnection('x=');

    const calls = ddbMock.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(3);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]).toEqual([leftover]);
    // random() = 0.5: half of 100 · 2^(attempt-1).
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up with IncompleteBatchError when deletes stay unprocessed', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby' }] });
    ddbMock
      .on(BatchWriteCommand)
      .callsFake((input: BatchWriteCommand['input']) => ({ UnprocessedItems: input.RequestItems }));

    const removal = rows().removeConnection('x=');
    await expect(removal).rejects.toBeInstanceOf(IncompleteBatchError);
    await expect(removal).rejects.toHaveProperty('remaining', 2);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('passes SDK errors through for the caller to classify', async () => {
    const throttled = Object.assign(new Error('slow'), { name: 'ThrottlingException' });
    ddbMock.on(QueryCommand).rejects(throttled);
    await expect(rows().removeConnection('x=')).rejects.toBe(throttled);
  });
});

describe('ConnectionRows.removeMembership', () => {
  it('deletes both sides in one transaction, in the shard the membership remembers', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { pk: 'CONN#a=', sk: 'ROOM#lobby', shard: 2 } });
    ddbMock.on(TransactWriteCommand).resolves({});

    await rows(4).removeMembership('a=', 'lobby');

    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
    expect(ddbMock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
      { Delete: { TableName: TABLE, Key: { pk: 'CONN#a=', sk: 'ROOM#lobby' } } },
      { Delete: { TableName: TABLE, Key: { pk: 'ROOM#lobby#2', sk: 'CONN#a=' } } },
    ]);
  });

  it('deletes the computed keys when there is no membership (idempotent)', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(TransactWriteCommand).resolves({});

    await rows(4).removeMembership('a=', 'lobby');

    const items = ddbMock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[1]).toEqual({ Delete: { TableName: TABLE, Key: roomMemberKey('lobby', 'a=', 4) } });
  });
});
