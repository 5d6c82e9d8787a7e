import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { roomMemberKey } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import type { RoomShardPage } from '../../src/ConnectionDirectory';
import { DynamoConnectionDirectory } from '../../src/DynamoConnectionDirectory';
import { ConnectionCleanupError } from '../../src/errors';

const TABLE = 'chorus-connections-dev';
const ddbMock = mockClient(DynamoDBDocumentClient);

function directory(shards = 4, sleeps: number[] = []) {
  return new DynamoConnectionDirectory(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    {
      tableName: TABLE,
      shards,
      pageSize: 2,
      unprocessedRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
}

async function collect(pages: AsyncIterable<RoomShardPage>): Promise<RoomShardPage[]> {
  const out: RoomShardPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

beforeEach(() => ddbMock.reset());

describe('DynamoConnectionDirectory.roomShardPages', () => {
  it('queries one shard partition with an sk-only projection and follows LastEvaluatedKey', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ sk: 'CONN#a=' }, { sk: 'CONN#b=' }],
        LastEvaluatedKey: { pk: 'ROOM#lobby#2', sk: 'CONN#b=' },
      })
      .resolvesOnce({ Items: [{ sk: 'CONN#c=' }] });

    const pages = await collect(directory().roomShardPages('lobby', 2));

    expect(pages).toEqual([
      { connectionIds: ['a=', 'b='], next: { pk: 'ROOM#lobby#2', sk: 'CONN#b=' } },
      { connectionIds: ['c='] },
    ]);
    const inputs = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ROOM#lobby#2' },
      ProjectionExpression: 'sk',
      Limit: 2,
    });
    expect(inputs[0]?.ExclusiveStartKey).toBeUndefined();
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ pk: 'ROOM#lobby#2', sk: 'CONN#b=' });
  });

  it('resumes after a given cursor (expand jobs)', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'CONN#z=' }] });
    const from = { pk: 'ROOM#lobby#1', sk: 'CONN#y=' };

    expect(await collect(directory().roomShardPages('lobby', 1, from))).toEqual([{ connectionIds: ['z='] }]);
    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual(from);
  });

  it('yields nothing for an empty shard and skips items that are not room members', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'SOMETHING-ELSE' }] });
    expect(await collect(directory().roomShardPages('quiet', 0))).toEqual([]);
  });
});

describe('DynamoConnectionDirectory.deleteConnection', () => {
  it('deletes META, every membership and the room-member item in each joined room', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ sk: 'META' }, { sk: 'ROOM#lobby', shard: 3 }],
        LastEvaluatedKey: { pk: 'CONN#gone=', sk: 'ROOM#lobby' },
      })
      .resolvesOnce({ Items: [{ sk: 'ROOM#random' }] });
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    const deleted = await directory(4).deleteConnection('gone=');

    expect(ddbMock.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      ExpressionAttributeValues: { ':pk': 'CONN#gone=' },
    });
    const keys = ddbMock
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[TABLE] ?? [])
      .map((request) => request.DeleteRequest?.Key);
    expect(keys).toEqual([
      { pk: 'CONN#gone=', sk: 'META' },
      { pk: 'CONN#gone=', sk: 'ROOM#lobby' },
      // The membership's stored shard wins …
      { pk: 'ROOM#lobby#3', sk: 'CONN#gone=' },
      { pk: 'CONN#gone=', sk: 'ROOM#random' },
      // … and without one the shard is recomputed exactly like the connections service does.
      roomMemberKey('random', 'gone=', 4),
    ]);
    expect(deleted).toBe(5);
  });

  it('still deletes the META key when only memberships remain', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(BatchWriteCommand).resolves({});

    await directory().deleteConnection('ghost=');

    const keys = ddbMock.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.[TABLE];
    expect(keys).toEqual([{ DeleteRequest: { Key: { pk: 'CONN#ghost=', sk: 'META' } } }]);
  });

  it('writes at most 25 deletes per BatchWriteItem', async () => {
    const rooms = Array.from({ length: 20 }, (_, i) => ({ sk: `ROOM#r${i}`, shard: 0 }));
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'META' }, ...rooms] });
    ddbMock.on(BatchWriteCommand).resolves({});

    await directory().deleteConnection('busy=');

    const sizes = ddbMock
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 16]);
  });

  it('retries unprocessed deletes with backoff', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'META' }, { sk: 'ROOM#lobby', shard: 0 }] });
    const leftover = { DeleteRequest: { Key: { pk: 'ROOM#lobby#0', sk: 'CONN#x=' } } };
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [leftover] } })
      .resolves({});
    const sleeps: number[] = [];

    await directory(4, sleeps).deleteConnection('x=');

    const calls = ddbMock.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]).toEqual([leftover]);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up with ConnectionCleanupError when deletes stay unprocessed', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'META' }] });
    ddbMock.on(BatchWriteCommand).resolves({
      UnprocessedItems: { [TABLE]: [{ DeleteRequest: { Key: { pk: 'CONN#x=', sk: 'META' } } }] },
    });

    await expect(directory().deleteConnection('x=')).rejects.toBeInstanceOf(ConnectionCleanupError);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
