import '../../support/env';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { roomShardPk } from '@chorus/keys';
import { MESSAGE_MAX_BYTES, PRESENCE_MAX_USERS } from '@chorus/protocol';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../src/errors';
import { createHandler, handler } from '../../../src/handlers/whoIsOnline';
import { TEST_SHARDS } from '../../support/env';
import { frameEvent } from '../../support/events';
import { testDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

describe('whoIsOnline', () => {
  it('answers distinct, sorted display names of the room', async () => {
    const deps = testDeps();
    const people: Array<[string, string]> = [
      ['c1', 'Zoe'],
      ['c2', 'Ada'],
      ['c3', 'Ada'],
      ['c4', 'Bob'],
    ];
    for (const [connectionId, userName] of people) {
      await deps.store.saveConnection({ connectionId, userId: `user-${userName}`, userName, connectedAt: 1 });
      await deps.service.joinRoom(connectionId, 'lobby');
    }
    const event = frameEvent({ action: 'whoIsOnline', roomId: 'lobby' }, { connectionId: 'c4' });
    expect(expectFrame(await createHandler(deps)(event), 'presence')).toEqual({
      type: 'presence',
      roomId: 'lobby',
      users: ['Ada', 'Bob', 'Zoe'],
    });
    expect(deps.metrics.published.get('PresenceQueries')).toBe(1);
  });

  it('answers FORBIDDEN to a connection that has not joined, whatever the room (members only)', async () => {
    const deps = testDeps();
    await deps.store.saveConnection({ connectionId: 'c1', userId: 'u1', userName: 'Zoe', connectedAt: 1 });
    await deps.service.joinRoom('c1', 'lobby');
    const names = jest.spyOn(deps.store, 'listRoomUserNames');
    for (const roomId of ['lobby', 'nobody-here']) {
      const event = frameEvent({ action: 'whoIsOnline', roomId });
      const frame = expectErrorFrame(await createHandler(deps)(event), 'FORBIDDEN', event, 'whoIsOnline');
      expect(frame.message).not.toContain('Zoe');
    }
    expect(names).not.toHaveBeenCalled();
  });

  it('answers INVALID_FRAME without a roomId', async () => {
    const event = frameEvent({ action: 'whoIsOnline' });
    expectErrorFrame(await createHandler(testDeps())(event), 'INVALID_FRAME', event, 'whoIsOnline');
  });

  it('answers THROTTLED / INTERNAL_ERROR when the store fails', async () => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'isMember').mockResolvedValue(true);
    const spy = jest.spyOn(deps.store, 'listRoomUserNames');
    spy.mockRejectedValueOnce(new ThrottledError('busy')).mockRejectedValueOnce(new Error('boom'));
    const first = frameEvent({ action: 'whoIsOnline', roomId: 'lobby' });
    const second = frameEvent({ action: 'whoIsOnline', roomId: 'lobby' });
    const run = createHandler(deps);
    expectErrorFrame(await run(first), 'THROTTLED', first, 'whoIsOnline');
    expectErrorFrame(await run(second), 'INTERNAL_ERROR', second, 'whoIsOnline');
  });

  describe('exported handler (container wiring)', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => ddb.reset());
    afterAll(() => ddb.restore());

    it('reads the membership consistently and answers FORBIDDEN without reading the room', async () => {
      ddb.on(GetCommand).resolves({});
      const event = frameEvent({ action: 'whoIsOnline', roomId: 'lobby' });
      expectErrorFrame(await handler(event), 'FORBIDDEN', event, 'whoIsOnline');
      expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
        Key: { pk: `CONN#${event.requestContext.connectionId}`, sk: 'ROOM#lobby' },
        ConsistentRead: true,
      });
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    });

    it('merges pages of every shard into one presence, with Query only', async () => {
      ddb.on(GetCommand).resolves({ Item: { pk: 'CONN#x' } });
      const pages: Record<
        string,
        Array<{ Items: Array<{ userId: string; userName: string }>; next?: string }>
      > = {
        [roomShardPk('lobby', 0)]: [
          { Items: [{ userId: 'user-Cy', userName: 'Cy' }], next: 'p2' },
          { Items: [{ userId: 'user-Ada', userName: 'Ada' }] },
        ],
        [roomShardPk('lobby', 3)]: [
          { Items: [{ userId: 'user-Bob', userName: 'Bob' }], next: 'p2' },
          { Items: [{ userId: 'user-Ada', userName: 'Ada' }], next: 'p3' },
          { Items: [{ userId: 'user-Dee', userName: 'Dee' }] },
        ],
      };
      ddb.on(QueryCommand).callsFake((input: QueryCommand['input']) => {
        const pk = String(input.ExpressionAttributeValues?.[':pk']);
        const index =
          input.ExclusiveStartKey === undefined
            ? 0
            : Number(String(input.ExclusiveStartKey['sk']).slice(1)) - 1;
        const page = pages[pk]?.[index] ?? { Items: [] };
        return { Items: page.Items, ...(page.next ? { LastEvaluatedKey: { pk, sk: page.next } } : {}) };
      });

      const event = frameEvent({ action: 'whoIsOnline', roomId: 'lobby' });
      const frame = expectFrame(await handler(event), 'presence');
      expect(frame.users).toEqual(['Ada', 'Bob', 'Cy', 'Dee']);
      expect(frame).not.toHaveProperty('truncated'); // a small room is listed in full
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(TEST_SHARDS - 2 + 2 + 3);
      expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    });

    it('reads about PRESENCE_MAX_USERS members of a huge room, not all of it, and answers a capped, truncated frame', async () => {
      ddb.on(GetCommand).resolves({ Item: { pk: 'CONN#x' } });
      const PAGE = 200;
      // Every shard always has another page: without the early stop this never ends.
      ddb.on(QueryCommand).callsFake((input: QueryCommand['input']) => {
        const pk = String(input.ExpressionAttributeValues?.[':pk']);
        const page = input.ExclusiveStartKey === undefined ? 0 : Number(input.ExclusiveStartKey['sk']);
        const size = Math.min(PAGE, input.Limit ?? PAGE);
        const Items = Array.from({ length: size }, (_, i) => ({ userName: `${pk.slice(-1)}-${page}-${i}` }));
        return { Items, LastEvaluatedKey: { pk, sk: String(page + 1) } };
      });

      const event = frameEvent({ action: 'whoIsOnline', roomId: 'huge' });
      const result = await handler(event);
      const frame = expectFrame(result, 'presence');

      expect(frame.truncated).toBe(true);
      expect(frame.users).toHaveLength(PRESENCE_MAX_USERS);
      expect(frame.users).toEqual([...frame.users].sort());
      expect(Buffer.byteLength(result.body ?? '')).toBeLessThan(MESSAGE_MAX_BYTES);
      // One budget of PRESENCE_MAX_USERS + 1 members split over the shards with Limit, read once
      // in parallel: the cost of any room bigger than that, eventually consistent.
      const calls = ddb.commandCalls(QueryCommand);
      expect(calls).toHaveLength(TEST_SHARDS);
      const limits = calls.map((call) => call.args[0].input.Limit ?? Infinity);
      expect(limits.reduce((sum, limit) => sum + limit, 0)).toBeLessThanOrEqual(
        PRESENCE_MAX_USERS + TEST_SHARDS,
      );
      expect(calls.some((call) => call.args[0].input.ConsistentRead === true)).toBe(false);
    });
  });
});
