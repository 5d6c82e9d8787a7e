import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { IncompleteBatchError } from '@chorus/lambda-kit';
import { mockClient } from 'aws-sdk-client-mock';
import type { RoomShardPage } from '../../src/connectionDirectory';
import { DynamoConnectionDirectory } from '../../src/dynamoConnectionDirectory';

const TABLE = 'chorus-connections-dev';
const ddbMock = mockClient(DynamoDBDocumentClient);

function directory(shards = 4, sleeps: number[] = []) {
  return new DynamoConnectionDirectory(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    {
      tableName: TABLE,
      shards,
      pageSize: 2,
      batchRetry: { maxAttempts: 3, baseMs: 50, capMs: 1000 },
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

// The order and batching of the deletes are the kit's (ConnectionRows, tested there); here: the
// fan-out's directory deletes through it with its own table and shard count.
describe('DynamoConnectionDirectory.deleteConnection', () => {
  it('deletes the row, every membership and the room-member item of each joined room', async () => {
    ddbMock.on(DeleteCommand).resolves({});
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby', shard: 3 }, { sk: 'ROOM#random' }] });
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    const deleted = await directory(4).deleteConnection('gone=');

    expect(ddbMock.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'CONN#gone=', sk: 'META' },
      // The deleted row names the user, whose entry of the connection goes too.
      ReturnValues: 'ALL_OLD',
    });
    const keys = ddbMock
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[TABLE] ?? [])
      .map((request) => request.DeleteRequest?.Key);
    expect(keys).toContainEqual({ pk: 'ROOM#lobby#3', sk: 'CONN#gone=' });
    expect(deleted).toBe(5);
  });

  it("gives up with the kit's IncompleteBatchError when deletes stay unprocessed", async () => {
    ddbMock.on(DeleteCommand).resolves({});
    ddbMock.on(QueryCommand).resolves({ Items: [{ sk: 'ROOM#lobby' }] });
    ddbMock
      .on(BatchWriteCommand)
      .callsFake((input: BatchWriteCommand['input']) => ({ UnprocessedItems: input.RequestItems }));

    await expect(directory().deleteConnection('x=')).rejects.toBeInstanceOf(IncompleteBatchError);
    expect(ddbMock.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
