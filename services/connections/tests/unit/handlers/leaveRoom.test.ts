import '../../support/env';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../src/errors';
import { createHandler, handler } from '../../../src/handlers/leaveRoom';
import { frameEvent } from '../../support/events';
import { testDeps, type TestDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

async function member(deps: TestDeps, userName: string, roomId: string): Promise<string> {
  const connectionId = frameEvent({ action: 'ping' }).requestContext.connectionId;
  await deps.store.saveConnection({ connectionId, userId: `user-${userName}`, userName, connectedAt: 1 });
  await deps.service.joinRoom(connectionId, roomId);
  return connectionId;
}

describe('leaveRoom', () => {
  it('leaves and answers with the presence after leaving', async () => {
    const deps = testDeps();
    const ada = await member(deps, 'Ada', 'lobby');
    await member(deps, 'Bob', 'lobby');

    const event = frameEvent({ action: 'leaveRoom', roomId: 'lobby' }, { connectionId: ada });
    const frame = expectFrame(await createHandler(deps)(event), 'presence');

    expect(frame).toEqual({ type: 'presence', roomId: 'lobby', users: ['Bob'] });
    expect(deps.store.memberships.get(ada)).toEqual(new Set());
    expect(deps.metrics.published.get('Leaves')).toBe(1);
  });

  it('keeps the other rooms of the connection', async () => {
    const deps = testDeps();
    const ada = await member(deps, 'Ada', 'lobby');
    await deps.service.joinRoom(ada, 'random');
    await createHandler(deps)(frameEvent({ action: 'leaveRoom', roomId: 'lobby' }, { connectionId: ada }));
    await expect(deps.service.whoIsOnline(ada, 'random')).resolves.toEqual({
      roomId: 'random',
      users: ['Ada'],
    });
  });

  it('refuses a connection that is not in the room with FORBIDDEN, telling nothing of it', async () => {
    const deps = testDeps();
    await member(deps, 'Bob', 'lobby');
    const event = frameEvent({ action: 'leaveRoom', roomId: 'lobby' });
    const frame = expectErrorFrame(await createHandler(deps)(event), 'FORBIDDEN', event, 'leaveRoom');
    expect(frame.message).not.toContain('Bob');
  });

  it('answers INVALID_FRAME for a bad roomId', async () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'leaveRoom', roomId: '' });
    expectErrorFrame(await createHandler(deps)(event), 'INVALID_FRAME', event, 'leaveRoom');
  });

  it('answers THROTTLED when DynamoDB throttles', async () => {
    const deps = testDeps();
    const ada = await member(deps, 'Ada', 'lobby');
    jest.spyOn(deps.store, 'removeMembership').mockRejectedValue(new ThrottledError('busy'));
    const event = frameEvent({ action: 'leaveRoom', roomId: 'lobby' }, { connectionId: ada });
    expectErrorFrame(await createHandler(deps)(event), 'THROTTLED', event, 'leaveRoom');
  });

  it('answers INTERNAL_ERROR for anything unexpected', async () => {
    const deps = testDeps();
    const ada = await member(deps, 'Ada', 'lobby');
    jest.spyOn(deps.store, 'removeMembership').mockRejectedValue(new Error('boom'));
    const event = frameEvent({ action: 'leaveRoom', roomId: 'lobby' }, { connectionId: ada });
    expectErrorFrame(await createHandler(deps)(event), 'INTERNAL_ERROR', event, 'leaveRoom');
  });

  describe('exported handler (container wiring)', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => ddb.reset());
    afterAll(() => ddb.restore());

    it('deletes both items in one transaction, then answers with presence', async () => {
      const event = frameEvent({ action: 'leaveRoom', roomId: 'lobby' });
      ddb.on(GetCommand).resolves({ Item: { shard: 2 } });
      ddb.on(TransactWriteCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [{ userId: 'user-Bob', userName: 'Bob' }] });

      expect(expectFrame(await handler(event), 'presence').users).toEqual(['Bob']);
      expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
        expect.objectContaining({
          Delete: expect.objectContaining({
            Key: { pk: `CONN#${event.requestContext.connectionId}`, sk: 'ROOM#lobby' },
          }),
        }),
        expect.objectContaining({
          Delete: expect.objectContaining({
            Key: { pk: 'ROOM#lobby#2', sk: `CONN#${event.requestContext.connectionId}` },
          }),
        }),
      ]);
    });
  });
});
