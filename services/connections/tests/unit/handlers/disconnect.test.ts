import '../../support/env';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { roomShard, roomShardPk } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import { IncompleteBatchError } from '@chorus/lambda-kit';
import { ThrottledError } from '../../../src/errors';
import { createHandler, handler } from '../../../src/handlers/disconnect';
import { TEST_SHARDS, TEST_TABLE } from '../../support/env';
import { disconnectEvent } from '../../support/events';
import { testDeps } from '../../support/fakes';

describe('$disconnect', () => {
  it('removes the connection and every membership on both sides', async () => {
    const deps = testDeps();
    const event = disconnectEvent();
    const { connectionId } = event.requestContext;
    await deps.store.saveConnection({ connectionId, userId: 'user-Ada', userName: 'Ada', connectedAt: 1 });
    await deps.service.joinRoom(connectionId, 'lobby');
    await deps.service.joinRoom(connectionId, 'random');

    await expect(createHandler(deps)(event)).resolves.toEqual({ statusCode: 200 });

    expect(deps.store.connections.has(connectionId)).toBe(false);
    expect(deps.store.memberships.has(connectionId)).toBe(false);
    await expect(deps.store.listRoomUserNames('lobby', 10)).resolves.toEqual({ names: [], complete: true });
    await expect(deps.store.listRoomUserNames('random', 10)).resolves.toEqual({ names: [], complete: true });
    expect(deps.metrics.published.get('Disconnects')).toBe(1);
  });

  it('is idempotent: a second $disconnect for the same connection also succeeds', async () => {
    const deps = testDeps();
    const event = disconnectEvent();
    await createHandler(deps)(event);
    await expect(
      createHandler(deps)(disconnectEvent({ connectionId: event.requestContext.connectionId })),
    ).resolves.toEqual({
      statusCode: 200,
    });
    expect(deps.metrics.published.get('Disconnects')).toBe(2);
  });

  it.each([
    ['throttling', new ThrottledError('busy')],
    ['unprocessed items', new IncompleteBatchError(4, 6)],
    ['an unexpected error', new Error('boom')],
    ['a thrown non-Error', 'boom'],
  ])('never throws on %s: logs, counts, and leaves the rest to TTL', async (_label, failure) => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'removeConnection').mockRejectedValue(failure);

    await expect(createHandler(deps)(disconnectEvent())).resolves.toEqual({ statusCode: 200 });

    expect(deps.logger.error).toHaveBeenCalled();
    expect(deps.metrics.published.get('DisconnectCleanupFailures')).toBe(1);
    expect(deps.logger.resetKeys).toHaveBeenCalled();
  });

  describe('exported handler (container wiring)', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => ddb.reset());
    afterAll(() => ddb.restore());

    it('deletes the row, queries the CONN# partition and batch-deletes both sides', async () => {
      const event = disconnectEvent();
      const { connectionId } = event.requestContext;
      const shard = roomShard(connectionId, TEST_SHARDS);
      ddb.on(DeleteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [{ pk: `CONN#${connectionId}`, sk: 'ROOM#lobby', shard }] });
      ddb.on(BatchWriteCommand).resolves({});

      await expect(handler(event)).resolves.toEqual({ statusCode: 200 });

      expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
        TableName: TEST_TABLE,
        ExpressionAttributeValues: { ':pk': `CONN#${connectionId}` },
      });
      expect(ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.[TEST_TABLE]).toEqual([
        { DeleteRequest: { Key: { pk: `CONN#${connectionId}`, sk: 'ROOM#lobby' } } },
        { DeleteRequest: { Key: { pk: roomShardPk('lobby', shard), sk: `CONN#${connectionId}` } } },
      ]);
    });

    it('swallows a DynamoDB failure', async () => {
      ddb.on(DeleteCommand).rejects(new Error('network down'));
      await expect(handler(disconnectEvent())).resolves.toEqual({ statusCode: 200 });
    });
  });
});
