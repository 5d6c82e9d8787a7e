import '../../support/env';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../src/errors';
import { ConnectionService } from '../../../src/connectionService';
import { createHandler, handler } from '../../../src/handlers/joinRoom';
import { RoomPresenceCache } from '../../../src/roomPresenceCache';
import { TEST_SHARDS, TEST_TABLE } from '../../support/env';
import { frameEvent, messageEvent } from '../../support/events';
import { testDeps, type TestDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

async function connected(
  deps: TestDeps,
  userName: string,
  event = frameEvent({ action: 'joinRoom', roomId: 'lobby' }),
) {
  await deps.store.saveConnection({
    connectionId: event.requestContext.connectionId,
    userId: `user-${userName}`,
    userName,
    connectedAt: 1,
  });
  return event;
}

describe('joinRoom', () => {
  it('joins and answers with the presence of the room, the joiner included', async () => {
    const deps = testDeps();
    const other = await connected(deps, 'Bob');
    await deps.service.joinRoom(other.requestContext.connectionId, 'lobby');
    const event = await connected(deps, 'Ada');

    const frame = expectFrame(await createHandler(deps)(event), 'presence');

    expect(frame).toEqual({ type: 'presence', roomId: 'lobby', users: ['Ada', 'Bob'] });
    expect(deps.store.memberships.get(event.requestContext.connectionId)).toEqual(new Set(['lobby']));
    expect(deps.metrics.published.get('Joins')).toBe(1);
  });

  it('lets a connection join several rooms, and joining again is harmless', async () => {
    const deps = testDeps();
    const first = await connected(deps, 'Ada');
    const { connectionId } = first.requestContext;
    const run = createHandler(deps);
    await run(first);
    await run(frameEvent({ action: 'joinRoom', roomId: 'random' }, { connectionId }));
    const again = expectFrame(
      await run(frameEvent({ action: 'joinRoom', roomId: 'lobby' }, { connectionId })),
      'presence',
    );

    expect(again.users).toEqual(['Ada']);
    expect(deps.store.memberships.get(connectionId)).toEqual(new Set(['lobby', 'random']));
  });

  it('answers UNKNOWN_CONNECTION when the connection has no row', async () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'joinRoom', roomId: 'lobby' });
    expectErrorFrame(await createHandler(deps)(event), 'UNKNOWN_CONNECTION', event, 'joinRoom');
    expect(deps.store.roomMembers.size).toBe(0);
  });

  it.each([
    ['a missing roomId', { action: 'joinRoom' }],
    ['a roomId with spaces', { action: 'joinRoom', roomId: 'the lobby' }],
    ['an unknown field', { action: 'joinRoom', roomId: 'lobby', sender: 'Mallory' }],
  ])('answers INVALID_FRAME for %s', async (_label, body) => {
    const deps = testDeps();
    const event = await connected(deps, 'Ada', frameEvent(body));
    const frame = expectErrorFrame(await createHandler(deps)(event), 'INVALID_FRAME', event, 'joinRoom');
    expect(frame.message).toMatch(/roomId|sender/);
    expect(deps.store.roomMembers.size).toBe(0);
  });

  it('answers MALFORMED_FRAME for a body that is not JSON', async () => {
    const deps = testDeps();
    const event = messageEvent('joinRoom', '{"action":"joinRoom",');
    expectErrorFrame(await createHandler(deps)(event), 'MALFORMED_FRAME', event, 'joinRoom');
  });

  it('reads base64-encoded (binary) frames too', async () => {
    const deps = testDeps();
    const event = await connected(
      deps,
      'Ada',
      messageEvent('joinRoom', JSON.stringify({ action: 'joinRoom', roomId: 'lobby' }), { base64: true }),
    );
    expect(expectFrame(await createHandler(deps)(event), 'presence').users).toEqual(['Ada']);
  });

  it('answers THROTTLED when DynamoDB throttles, and counts it', async () => {
    const deps = testDeps();
    const event = await connected(deps, 'Ada');
    jest.spyOn(deps.store, 'addMembership').mockRejectedValue(new ThrottledError('busy'));
    expectErrorFrame(await createHandler(deps)(event), 'THROTTLED', event, 'joinRoom');
    expect(deps.metrics.published.get('Throttled')).toBe(1);
    expect(deps.logger.error).not.toHaveBeenCalled();
  });

  it('answers INTERNAL_ERROR for anything unexpected and logs it as an error', async () => {
    const deps = testDeps();
    const event = await connected(deps, 'Ada');
    jest
      .spyOn(deps.store, 'listRoomUserNames')
      .mockRejectedValue(new TypeError('undefined is not a function'));
    const frame = expectErrorFrame(await createHandler(deps)(event), 'INTERNAL_ERROR', event, 'joinRoom');
    expect(frame.message).not.toContain('undefined is not a function');
    expect(deps.logger.error).toHaveBeenCalled();
    expect(deps.metrics.published.get('ErrorFrames')).toBe(1);
  });

  it("answers TOO_MANY_ROOMS for a room past the connection's cap, naming the room", async () => {
    const deps = testDeps();
    const capped = {
      ...deps,
      service: new ConnectionService(deps.store, () => 1, new RoomPresenceCache({ ttlMs: 0 }), {
        maxRoomsPerConnection: 1,
      }),
    };
    const first = await connected(deps, 'Ada');
    await capped.service.joinRoom(first.requestContext.connectionId, 'lobby');
    const event = frameEvent(
      { action: 'joinRoom', roomId: 'second' },
      { connectionId: first.requestContext.connectionId },
    );

    const frame = expectErrorFrame(await createHandler(capped)(event), 'TOO_MANY_ROOMS', event, 'joinRoom');

    expect(frame.roomId).toBe('second');
    expect(deps.store.memberships.get(first.requestContext.connectionId)).toEqual(new Set(['lobby']));
  });

  describe('exported handler (container wiring)', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => ddb.reset());
    afterAll(() => ddb.restore());
    const queriesOf = (prefix: 'ROOM#' | 'CONN#') =>
      ddb
        .commandCalls(QueryCommand)
        .map((call) => call.args[0].input)
        .filter((input) => String(input.ExpressionAttributeValues?.[':pk']).startsWith(prefix));

    it('reads the row, writes both rows in one batch, checks the row again and queries every shard for presence', async () => {
      const event = frameEvent({ action: 'joinRoom', roomId: 'lobby' });
      ddb.on(GetCommand).resolves({ Item: { userId: 'user-Ada', userName: 'Ada', connectedAt: 1 } });
      ddb
        .on(GetCommand, { Key: { pk: 'ROOM#lobby', sk: 'META' } })
        .resolves({ Item: { visibility: 'public' } });
      ddb.on(BatchWriteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb
        .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ROOM#lobby#1' } })
        .resolves({ Items: [{ userId: 'user-Ada', userName: 'Ada' }] });

      expect(expectFrame(await handler(event), 'presence').users).toEqual(['Ada']);
      expect(
        Object.values(ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems ?? {})[0],
      ).toHaveLength(2);
      // The row, the room's meta (public: no access list read), the row again.
      expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(queriesOf('ROOM#')).toHaveLength(TEST_SHARDS);
      // One consistent read of the joiner's own memberships, for the rooms cap.
      expect(queriesOf('CONN#')).toEqual([
        expect.objectContaining({ ConsistentRead: true, TableName: TEST_TABLE }),
      ]);
    });

    it.each([3, 100_000])(
      'costs the same in a room of %i: three consistent gets, one 2-row batch write, one bounded eventual read per shard',
      async (roomSize) => {
        // A room of its own per case: the container remembers a big room's presence sample.
        const event = frameEvent({ action: 'joinRoom', roomId: `big-${roomSize}` });
        ddb.on(GetCommand).resolves({ Item: { userId: 'user-Ada', userName: 'Ada', connectedAt: 1 } });
        ddb
          .on(GetCommand, { Key: { pk: `ROOM#big-${roomSize}`, sk: 'META' } })
          .resolves({ Item: { visibility: 'public' } });
        ddb.on(BatchWriteCommand).resolves({});
        // Every shard holds roomSize / S members (the joiner's own row not visible yet: the read
        // is eventually consistent); DynamoDB honours Limit.
        ddb.on(QueryCommand).callsFake((input: QueryCommand['input']) => {
          const inShard = Math.ceil(roomSize / TEST_SHARDS);
          const count = Math.min(inShard, input.Limit ?? inShard);
          const pk = String(input.ExpressionAttributeValues?.[':pk']);
          if (pk.startsWith('CONN#')) return { Items: [] }; // the joiner is in no room yet
          return {
            Items: Array.from({ length: count }, (_, i) => ({ userName: `member ${pk.slice(-1)}-${i}` })),
            ...(count < inShard ? { LastEvaluatedKey: { pk, sk: `CONN#${count}` } } : {}),
          };
        });

        const frame = expectFrame(await handler(event), 'presence');

        expect(frame.users).toContain('Ada');
        expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
        expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(1);
        expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
        expect(queriesOf('CONN#')).toHaveLength(1);
        const reads = queriesOf('ROOM#');
        expect(reads).toHaveLength(TEST_SHARDS);
        for (const read of reads) {
          expect(read).toMatchObject({
            ProjectionExpression: '#userName',
            Limit: Math.ceil(501 / TEST_SHARDS),
          });
          expect(read.ConsistentRead).not.toBe(true);
        }
      },
    );

    it('answers UNKNOWN_CONNECTION when the row is gone by the check after the write, and takes the rows away', async () => {
      const event = frameEvent({ action: 'joinRoom', roomId: 'lobby' });
      ddb
        .on(GetCommand)
        .resolvesOnce({ Item: { userId: 'user-Ada', userName: 'Ada', connectedAt: 1 } })
        .resolves({});
      ddb.on(BatchWriteCommand).resolves({});
      ddb.on(TransactWriteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [] });
      expectErrorFrame(await handler(event), 'UNKNOWN_CONNECTION', event, 'joinRoom');
      const removal = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(removal.map((item) => item.Delete !== undefined)).toEqual([true, true]);
      // Presence is read beside the write; the failed join answers the error, never those names.
    });
  });
});
