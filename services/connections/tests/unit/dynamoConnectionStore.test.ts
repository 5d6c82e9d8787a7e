import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  type CancellationReason,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { connectionTtl, roomShard, roomShardPk } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoConnectionStore } from '../../src/dynamoConnectionStore';
import { IncompleteBatchError } from '@chorus/lambda-kit';
import { ThrottledError, UnknownConnectionError } from '../../src/errors';
import { gatewayId } from '../support/events';

const TABLE = 'chorus-connections-test';
const SHARDS = 4;
const ddb = mockClient(DynamoDBDocumentClient);

type Item = Record<string, unknown>;

function newStore(overrides: { sleep?: (ms: number) => Promise<void>; maxAttempts?: number } = {}) {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
  return new DynamoConnectionStore({
    client,
    tableName: TABLE,
    roomShards: SHARDS,
    sleep: overrides.sleep ?? (() => Promise.resolve()),
    random: () => 0.5,
    batchRetry: { maxAttempts: overrides.maxAttempts ?? 4, baseMs: 100, capMs: 1000 },
  });
}

/**
 * Answers QueryCommand like DynamoDB: per partition, `pageSize` items per page at most (the 1 MB
 * page), fewer when the query sets Limit, LastEvaluatedKey between.
 */
function servePartitions(partitions: Record<string, Item[]>, pageSize: number): void {
  ddb.on(QueryCommand).callsFake((input: QueryCommand['input']) => {
    const pk = String(input.ExpressionAttributeValues?.[':pk']);
    const items = partitions[pk] ?? [];
    const start =
      input.ExclusiveStartKey === undefined
        ? 0
        : items.findIndex((i) => i['sk'] === input.ExclusiveStartKey?.['sk']) + 1;
    // Limit caps a page like DynamoDB does: stopping at Limit returns LastEvaluatedKey, even when
    // nothing is left behind it.
    const size = Math.min(pageSize, input.Limit ?? pageSize);
    const page = items.slice(start, start + size);
    const last = page[page.length - 1];
    const more = start + size < items.length || page.length === input.Limit;
    return {
      Items: page,
      ...(more && last !== undefined ? { LastEvaluatedKey: { pk, sk: last['sk'] } } : {}),
    };
  });
}

function cancelled(...codes: string[]): TransactionCanceledException {
  const reasons: CancellationReason[] = codes.map((Code) => ({ Code }));
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });
}

function throughputExceeded(): ProvisionedThroughputExceededException {
  return new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded',
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  ddb.reset();
});

describe('saveConnection / findConnection', () => {
  it('writes the connection row under CONN#<id>/META with a TTL derived from connectedAt', async () => {
    ddb.on(PutCommand).resolves({});
    const id = gatewayId();
    await newStore().saveConnection({
      connectionId: id,
      userId: 'user-Ada',
      userName: 'Ada',
      connectedAt: 1_764_000_000_123,
    });

    const [call] = ddb.commandCalls(PutCommand);
    expect(call?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: `CONN#${id}`,
        sk: 'META',
        connectionId: id,
        userId: 'user-Ada',
        userName: 'Ada',
        connectedAt: 1_764_000_000_123,
        ttl: connectionTtl(1_764_000_000_123),
      },
    });
  });

  it('reads the row with a strongly consistent GetItem', async () => {
    const id = gatewayId();
    ddb.on(GetCommand).resolves({
      Item: { pk: `CONN#${id}`, sk: 'META', userId: 'user-Grace', userName: 'Grace', connectedAt: 42 },
    });

    await expect(newStore().findConnection(id)).resolves.toEqual({
      connectionId: id,
      userId: 'user-Grace',
      userName: 'Grace',
      connectedAt: 42,
    });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: `CONN#${id}`, sk: 'META' },
      ConsistentRead: true,
    });
  });

  it('returns undefined for a connection that has no row', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(newStore().findConnection(gatewayId())).resolves.toBeUndefined();
  });

  it('turns DynamoDB throttling into ThrottledError, keeping the SDK error as cause', async () => {
    const sdkError = throughputExceeded();
    ddb.on(PutCommand).rejects(sdkError);
    const attempt = newStore().saveConnection({
      connectionId: gatewayId(),
      userId: 'user-Ada',
      userName: 'Ada',
      connectedAt: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(ThrottledError);
    await expect(attempt).rejects.toHaveProperty('cause', sdkError);
  });

  it('passes other SDK errors through unchanged', async () => {
    const boom = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    ddb.on(GetCommand).rejects(boom);
    await expect(newStore().findConnection(gatewayId())).rejects.toBe(boom);
  });
});

describe('addMembership', () => {
  const id = gatewayId();
  const connection = {
    connectionId: id,
    userId: 'user-Ada',
    userName: 'Ada',
    connectedAt: 1_764_000_000_000,
  };
  const shard = roomShard(id, SHARDS);
  const ttl = connectionTtl(connection.connectedAt);
  const membershipItem = (joinedAt: number) => ({
    pk: `CONN#${id}`,
    sk: 'ROOM#lobby',
    connectionId: id,
    roomId: 'lobby',
    shard,
    joinedAt,
    ttl,
  });
  const memberItem = {
    pk: roomShardPk('lobby', shard),
    sk: `CONN#${id}`,
    connectionId: id,
    roomId: 'lobby',
    userId: 'user-Ada',
    userName: 'Ada',
    ttl,
  };

  it('writes membership and room member in one batch, then checks the connection row with a consistent read', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: `CONN#${id}` } });
    await newStore().addMembership(connection, 'lobby', 1_764_000_005_000);

    const writes = ddb.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.args[0].input.RequestItems).toEqual({
      [TABLE]: [
        { PutRequest: { Item: membershipItem(1_764_000_005_000) } },
        { PutRequest: { Item: memberItem } },
      ],
    });
    const checks = ddb.commandCalls(GetCommand);
    expect(checks).toHaveLength(1);
    expect(checks[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: `CONN#${id}`, sk: 'META' },
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    });
    // The check runs after the write: that order is what makes a concurrent disconnect safe.
    expect(ddb.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'BatchWriteCommand',
      'GetCommand',
    ]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('is idempotent: joining twice writes the same items again without error', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: `CONN#${id}` } });
    const store = newStore();
    await store.addMembership(connection, 'lobby', 1);
    await store.addMembership(connection, 'lobby', 1);
    const [first, second] = ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input);
    expect(second).toEqual(first);
  });

  it('removes what it wrote and reports UnknownConnectionError when the connection row is gone', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    await expect(newStore().addMembership(connection, 'lobby', 1)).rejects.toBeInstanceOf(
      UnknownConnectionError,
    );
    // The membership's own removal (the one leaveRoom uses) takes both rows away again.
    const removal = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems);
    expect(removal).toEqual([
      [
        { Delete: { TableName: TABLE, Key: { pk: `CONN#${id}`, sk: 'ROOM#lobby' } } },
        { Delete: { TableName: TABLE, Key: { pk: roomShardPk('lobby', shard), sk: `CONN#${id}` } } },
      ],
    ]);
  });

  it('re-sends unprocessed rows before it checks the connection', async () => {
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: memberItem } }] } })
      .resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: `CONN#${id}` } });
    await newStore().addMembership(connection, 'lobby', 1);
    const writes = ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems);
    expect(writes[1]).toEqual({ [TABLE]: [{ PutRequest: { Item: memberItem } }] });
    expect(ddb.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'BatchWriteCommand',
      'BatchWriteCommand',
      'GetCommand',
    ]);
  });

  it('reports a throttled write as ThrottledError and checks nothing', async () => {
    ddb.on(BatchWriteCommand).rejects(
      new ThrottlingException({
        message: 'Throughput exceeds the current capacity',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(newStore().addMembership(connection, 'lobby', 1)).rejects.toBeInstanceOf(ThrottledError);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reports a throttled check as ThrottledError (a retried join writes the same rows again)', async () => {
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(GetCommand).rejects(throughputExceeded());
    await expect(newStore().addMembership(connection, 'lobby', 1)).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe('removeMembership', () => {
  it('deletes both sides in one transaction, using the shard stored on the membership', async () => {
    const id = gatewayId();
    const storedShard = (roomShard(id, SHARDS) + 1) % SHARDS; // as if ROOM_SHARDS changed since the join
    ddb.on(GetCommand).resolves({ Item: { shard: storedShard } });
    ddb.on(TransactWriteCommand).resolves({});

    await newStore().removeMembership(id, 'lobby');

    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: `CONN#${id}`, sk: 'ROOM#lobby' },
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
      { Delete: { TableName: TABLE, Key: { pk: `CONN#${id}`, sk: 'ROOM#lobby' } } },
      { Delete: { TableName: TABLE, Key: { pk: roomShardPk('lobby', storedShard), sk: `CONN#${id}` } } },
    ]);
  });

  it('is idempotent: without a membership it still deletes the computed keys and succeeds', async () => {
    const id = gatewayId();
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    await newStore().removeMembership(id, 'lobby');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(items?.[1]).toEqual({
      Delete: {
        TableName: TABLE,
        Key: { pk: roomShardPk('lobby', roomShard(id, SHARDS)), sk: `CONN#${id}` },
      },
    });
  });

  it('turns a throttled transaction into ThrottledError', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None'));
    await expect(newStore().removeMembership(gatewayId(), 'lobby')).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe('removeConnection', () => {
  function memberships(id: string, rooms: string[]): Item[] {
    return rooms.map((roomId) => ({ pk: `CONN#${id}`, sk: `ROOM#${roomId}`, shard: roomShard(id, SHARDS) }));
  }

  function deletedKeys(): Item[] {
    return ddb
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[TABLE] ?? [])
      .map((request) => request.DeleteRequest?.Key ?? {});
  }

  it('deletes the row first, then every membership and room member found across query pages', async () => {
    const id = gatewayId();
    const rooms = ['a', 'b', 'c', 'd', 'e'];
    servePartitions({ [`CONN#${id}`]: memberships(id, rooms) }, 2);
    ddb.on(DeleteCommand).resolves({});
    ddb.on(BatchWriteCommand).resolves({});

    await expect(newStore().removeConnection(id)).resolves.toEqual({ rooms });

    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({ pk: `CONN#${id}`, sk: 'META' });
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(3);
    expect(queries.map((q) => q.ExclusiveStartKey)).toEqual([
      undefined,
      { pk: `CONN#${id}`, sk: 'ROOM#b' },
      { pk: `CONN#${id}`, sk: 'ROOM#d' },
    ]);
    expect(queries.every((q) => q.ConsistentRead === true)).toBe(true);
    // The row delete happens before the membership query (see the store's comment on races).
    const order = ddb.calls().map((call) => call.args[0]);
    expect(order.findIndex((command) => command instanceof DeleteCommand)).toBeLessThan(
      order.findIndex((command) => command instanceof QueryCommand),
    );

    const shard = roomShard(id, SHARDS);
    expect(deletedKeys()).toEqual(
      rooms.flatMap((roomId) => [
        { pk: `CONN#${id}`, sk: `ROOM#${roomId}` },
        { pk: roomShardPk(roomId, shard), sk: `CONN#${id}` },
      ]),
    );
  });

  it('splits deletes into BatchWriteItem calls of at most 25', async () => {
    const id = gatewayId();
    const rooms = Array.from({ length: 20 }, (_, i) => `room-${i}`);
    servePartitions({ [`CONN#${id}`]: memberships(id, rooms) }, 7);
    ddb.on(DeleteCommand).resolves({});
    ddb.on(BatchWriteCommand).resolves({});

    await newStore().removeConnection(id);

    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 15]);
    expect(new Set(deletedKeys().map((key) => `${key['pk']}|${key['sk']}`)).size).toBe(40);
  });

  it('re-sends only the UnprocessedItems, backing off between attempts', async () => {
    const id = gatewayId();
    servePartitions({ [`CONN#${id}`]: memberships(id, ['a', 'b']) }, 10);
    ddb.on(DeleteCommand).resolves({});
    const leftover = [{ DeleteRequest: { Key: { pk: `CONN#${id}`, sk: 'ROOM#b' } } }];
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: leftover } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: leftover } })
      .resolves({ UnprocessedItems: {} });
    const sleep = jest.fn(() => Promise.resolve());

    await newStore({ sleep }).removeConnection(id);

    const calls = ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toHaveLength(4);
    expect(calls[1]).toEqual(leftover);
    expect(calls[2]).toEqual(leftover);
    // Full jitter with random() = 0.5: half of 100·2^(attempt-1).
    expect(sleep.mock.calls).toEqual([[50], [100]]);
  });

  it('gives up with IncompleteBatchError when items stay unprocessed', async () => {
    const id = gatewayId();
    servePartitions({ [`CONN#${id}`]: memberships(id, ['a']) }, 10);
    ddb.on(DeleteCommand).resolves({});
    ddb
      .on(BatchWriteCommand)
      .callsFake((input: BatchWriteCommand['input']) => ({ UnprocessedItems: input.RequestItems }));

    const attempt = newStore({ maxAttempts: 3 }).removeConnection(id);
    await expect(attempt).rejects.toBeInstanceOf(IncompleteBatchError);
    await expect(attempt).rejects.toHaveProperty('remaining', 2);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });

  it('is idempotent: an already removed connection only costs the delete and one query', async () => {
    ddb.on(DeleteCommand).resolves({});
    servePartitions({}, 10);
    await expect(newStore().removeConnection(gatewayId())).resolves.toEqual({ rooms: [] });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('surfaces a throttled query as ThrottledError', async () => {
    ddb.on(DeleteCommand).resolves({});
    ddb.on(QueryCommand).rejects(throughputExceeded());
    await expect(newStore().removeConnection(gatewayId())).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe('listRoomUserNames', () => {
  function members(roomId: string, shard: number, names: string[]): Item[] {
    return names.map((userName, i) => ({
      pk: roomShardPk(roomId, shard),
      sk: `CONN#${shard}-${String(i).padStart(6, '0')}`,
      userName,
    }));
  }

  /** A room of `size` members spread evenly over the shards, as the connection-id hash does. */
  function evenRoom(roomId: string, size: number): Record<string, Item[]> {
    const partitions: Record<string, Item[]> = {};
    for (let shard = 0; shard < SHARDS; shard += 1) {
      const count = Math.floor(size / SHARDS) + (shard < size % SHARDS ? 1 : 0);
      partitions[roomShardPk(roomId, shard)] = members(
        roomId,
        shard,
        Array.from({ length: count }, (_, i) => `s${shard}-u${i}`),
      );
    }
    return partitions;
  }

  function queries(): QueryCommand['input'][] {
    return ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
  }

  /** Items DynamoDB handed back over all the queries: what the read cost. */
  async function itemsRead(): Promise<number> {
    let read = 0;
    for (const call of ddb.commandCalls(QueryCommand)) {
      const output = (await call.returnValue) as { Items?: unknown[] };
      read += output.Items?.length ?? 0;
    }
    return read;
  }

  it('queries every shard with a Limit, the name only, eventually consistent, and never scans', async () => {
    servePartitions(
      {
        [roomShardPk('lobby', 0)]: members('lobby', 0, ['Ada', 'Bob', 'Cy', 'Dee', 'Eve']),
        [roomShardPk('lobby', 1)]: [],
        [roomShardPk('lobby', 2)]: members('lobby', 2, ['Fay']),
        [roomShardPk('lobby', 3)]: members('lobby', 3, ['Gus', 'Ada', 'Hal']),
      },
      1000,
    );

    const { names, complete } = await newStore().listRoomUserNames('lobby', 100);

    expect(complete).toBe(true);
    expect([...names].sort()).toEqual(['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal']);
    expect(queries()).toHaveLength(SHARDS);
    for (const q of queries()) {
      expect(q).toMatchObject({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ProjectionExpression: '#userName',
        ExpressionAttributeNames: { '#userName': 'userName' },
        Limit: Math.ceil(101 / SHARDS),
      });
      expect(q.ConsistentRead).not.toBe(true);
    }
    expect(new Set(queries().map((q) => q.ExpressionAttributeValues?.[':pk']))).toEqual(
      new Set(Array.from({ length: SHARDS }, (_, shard) => roomShardPk('lobby', shard))),
    );
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('starts every shard before waiting for any (parallel, not one after another)', async () => {
    const started: string[] = [];
    const release: Array<() => void> = [];
    ddb.on(QueryCommand).callsFake((input: QueryCommand['input']) => {
      started.push(String(input.ExpressionAttributeValues?.[':pk']));
      return new Promise((resolve) => release.push(() => resolve({ Items: [] })));
    });

    const listing = newStore().listRoomUserNames('lobby', 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toHaveLength(SHARDS);
    release.forEach((go) => go());
    await expect(listing).resolves.toEqual({ names: [], complete: true });
  });

  it.each([600, 5_000, 100_000])(
    'reads about maxNames members of a room of %i, the same as of any bigger room',
    async (size) => {
      servePartitions(evenRoom('huge', size), 5000);

      const { names, complete } = await newStore().listRoomUserNames('huge', 500);

      expect(complete).toBe(false);
      expect(names.length).toBeGreaterThan(500);
      // The +1 tells "more than 500" apart; rounding the split up costs at most one per shard.
      expect(await itemsRead()).toBeLessThanOrEqual(500 + SHARDS);
      expect(queries()).toHaveLength(SHARDS); // one round: the even split is enough
      for (const q of queries()) expect(q.Limit).toBe(Math.ceil(501 / SHARDS));
    },
  );

  it('gives what short shards left unused to the others, within the same budget', async () => {
    servePartitions(
      {
        [roomShardPk('lopsided', 0)]: members(
          'lopsided',
          0,
          Array.from({ length: 400 }, (_, i) => `big-${i}`),
        ),
        [roomShardPk('lopsided', 1)]: members('lopsided', 1, ['a', 'b']),
        [roomShardPk('lopsided', 2)]: [],
        [roomShardPk('lopsided', 3)]: members('lopsided', 3, ['c']),
      },
      5000,
    );

    const { names, complete } = await newStore().listRoomUserNames('lopsided', 100);

    expect(complete).toBe(false);
    expect(names).toHaveLength(101);
    expect(await itemsRead()).toBe(101);
    const bigShard = queries().filter(
      (q) => q.ExpressionAttributeValues?.[':pk'] === roomShardPk('lopsided', 0),
    );
    expect(bigShard.map((q) => [q.Limit, q.ExclusiveStartKey !== undefined])).toEqual([
      [26, false],
      [101 - 26 - 3, true],
    ]);
  });

  it('lists a room of exactly maxNames members in full, complete', async () => {
    servePartitions(evenRoom('full', 8), 5000);
    const even = await newStore().listRoomUserNames('full', 8);
    expect(even.complete).toBe(true);
    expect(even.names).toHaveLength(8);

    ddb.reset();
    servePartitions(
      { [roomShardPk('full', 2)]: members('full', 2, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) },
      5000,
    );
    await expect(newStore().listRoomUserNames('full', 8)).resolves.toEqual({
      names: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      complete: true,
    });
  });

  it('stops after a few rounds even when DynamoDB keeps returning short pages', async () => {
    servePartitions(
      {
        [roomShardPk('slow', 0)]: members(
          'slow',
          0,
          Array.from({ length: 50 }, (_, i) => `u${i}`),
        ),
      },
      2,
    );

    const { names, complete } = await newStore().listRoomUserNames('slow', 40);

    expect(complete).toBe(false);
    expect(names).toHaveLength(6); // three rounds of one 2-item page
    expect(
      queries().filter((q) => q.ExpressionAttributeValues?.[':pk'] === roomShardPk('slow', 0)),
    ).toHaveLength(3);
  });

  it('bounds the read by members, not names: repeats (tabs) may leave the list short, and it says so', async () => {
    const tabs = Array.from({ length: 9 }, () => 'Ada');
    servePartitions({ [roomShardPk('lobby', 1)]: members('lobby', 1, [...tabs, 'Bob']) }, 5000);

    await expect(newStore().listRoomUserNames('lobby', 1)).resolves.toEqual({
      names: ['Ada'],
      complete: false,
    });
    expect(await itemsRead()).toBe(2);
  });

  it('surfaces throttling on any shard as ThrottledError', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': roomShardPk('lobby', 2) } })
      .rejects(throughputExceeded());
    await expect(newStore().listRoomUserNames('lobby', 10)).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe('rooms: meta, access list, user connections', () => {
  it('creates a room with a conditional put of its meta, then its list in batches of 25', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    const members = Array.from({ length: 30 }, (_, i) => `u${i}`);
    await expect(
      newStore().createRoom({ roomId: 'club', visibility: 'private', ownerId: 'u0' }, members, 5),
    ).resolves.toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'ROOM#club',
        sk: 'META',
        roomId: 'club',
        visibility: 'private',
        ownerId: 'u0',
        createdAt: 5,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const batches = ddb
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]);
    expect(batches.map((batch) => batch?.length)).toEqual([25, 5]);
    expect(batches[0]?.[0]).toEqual({
      PutRequest: { Item: { pk: 'ROOM#club', sk: 'USER#u0', roomId: 'club', userId: 'u0', addedAt: 5 } },
    });
  });

  it('answers false for a taken id and writes no list', async () => {
    ddb
      .on(PutCommand)
      .rejects(Object.assign(new Error('taken'), { name: 'ConditionalCheckFailedException' }));
    await expect(newStore().createRoom({ roomId: 'club', visibility: 'private' }, ['u1'], 5)).resolves.toBe(
      false,
    );
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('claims a free id as public, and answers the stored room when a create got there first', async () => {
    ddb.on(PutCommand).resolvesOnce({});
    await expect(newStore().claimPublicRoom('lobby', 1)).resolves.toEqual({
      roomId: 'lobby',
      visibility: 'public',
    });
    ddb.reset();
    ddb
      .on(PutCommand)
      .rejects(Object.assign(new Error('taken'), { name: 'ConditionalCheckFailedException' }));
    ddb.on(GetCommand).resolves({ Item: { visibility: 'private', ownerId: 'u0' } });
    await expect(newStore().claimPublicRoom('club', 1)).resolves.toEqual({
      roomId: 'club',
      visibility: 'private',
      ownerId: 'u0',
    });
  });

  it('reads a room fail-closed: anything but "public" is private', async () => {
    ddb.on(GetCommand).resolves({ Item: { visibility: 'PUBLIC' } });
    await expect(newStore().findRoom('odd')).resolves.toEqual({ roomId: 'odd', visibility: 'private' });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'ROOM#odd', sk: 'META' },
      ConsistentRead: true,
    });
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    await expect(newStore().findRoom('none')).resolves.toBeUndefined();
  });

  it('checks, adds and removes one access row by key (no scan)', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'ROOM#club' } });
    const store = newStore();
    await expect(store.hasAccess('club', 'u1')).resolves.toBe(true);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'ROOM#club', sk: 'USER#u1' },
      ConsistentRead: true,
    });
    await store.addAccess('club', 'u2', 9);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      pk: 'ROOM#club',
      sk: 'USER#u2',
      roomId: 'club',
      userId: 'u2',
      addedAt: 9,
    });
    await store.removeAccess('club', 'u2');
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({ pk: 'ROOM#club', sk: 'USER#u2' });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it("lists a user's live connections with one bounded consistent query", async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    ddb.on(QueryCommand).resolves({
      Items: [
        { connectionId: 'c1', ttl: nowSeconds + 60 },
        { connectionId: 'c2', ttl: nowSeconds - 60 },
      ],
    });
    await expect(newStore().listUserConnections('u1', 10)).resolves.toEqual(['c1']);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': 'USER#u1', ':conn': 'CONN#' },
      ConsistentRead: true,
      Limit: 10,
    });
  });

  it("writes the user's entry of a connection after its row, with the same TTL", async () => {
    ddb.on(PutCommand).resolves({});
    const id = gatewayId();
    await newStore().saveConnection({
      connectionId: id,
      userId: 'u1',
      userName: 'Ada',
      connectedAt: 1_000_000,
    });
    const [row, entry] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(row?.['sk']).toBe('META');
    expect(entry).toEqual({
      pk: 'USER#u1',
      sk: `CONN#${id}`,
      userId: 'u1',
      connectionId: id,
      ttl: connectionTtl(1_000_000),
    });
  });
});
