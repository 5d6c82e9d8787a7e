import '../../support/env';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { connectionTtl, CONNECTION_META_SK } from '@chorus/keys';
import { parseServerFrame } from '@chorus/protocol';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../src/errors';
import { connectRejectionStatus, createHandler, handler } from '../../../src/handlers/connect';
import { TEST_TABLE } from '../../support/env';
import { connectEvent, signedIn } from '../../support/events';
import { testDeps } from '../../support/fakes';

describe('$connect', () => {
  it('records who the authorizer vouched for, with connectedAt from API Gateway', async () => {
    const deps = testDeps();
    const event = signedIn(
      connectEvent({ token: 'eyJ.x.y' }, { connectedAt: 1_764_000_123_456 }),
      'u-1',
      'Ada',
    );
    const { connectionId, requestId } = event.requestContext;

    await expect(createHandler(deps)(event)).resolves.toEqual({ statusCode: 200 });

    expect(deps.store.connections.get(connectionId)).toEqual({
      connectionId,
      userId: 'u-1',
      userName: 'Ada',
      connectedAt: 1_764_000_123_456,
    });
    expect(deps.metrics.published.get('Connects')).toBe(1);
    expect(deps.logger.appendKeys).toHaveBeenCalledWith(expect.objectContaining({ requestId, connectionId }));
    expect(deps.logger.resetKeys).toHaveBeenCalled();
  });

  it('ignores ?name= entirely: the name is the one in the token', async () => {
    const deps = testDeps();
    const event = signedIn(connectEvent({ token: 't', name: 'Mallory' }), 'u-1', 'Ada');
    await createHandler(deps)(event);
    expect(deps.store.connections.get(event.requestContext.connectionId)).toMatchObject({ userName: 'Ada' });
  });

  it.each([
    ['no authorizer context (old ?name= clients)', connectEvent({ name: 'Ada' })],
    ['a context without a user id', signedIn(connectEvent({ token: 't' }), '', 'Ada')],
  ])('rejects the upgrade with 401 UNAUTHENTICATED for %s', async (_label, event) => {
    const deps = testDeps();

    const result = await createHandler(deps)(event);

    expect(result.statusCode).toBe(401);
    expect(parseServerFrame(result.body ?? '')).toMatchObject({
      type: 'error',
      code: 'UNAUTHENTICATED',
      requestId: event.requestContext.requestId,
    });
    expect(deps.store.connections.size).toBe(0);
    expect(deps.metrics.published.get('ConnectsRejected')).toBe(1);
    expect(deps.logger.error).not.toHaveBeenCalled();
  });

  it('answers 503 THROTTLED when DynamoDB throttles, so the client backs off and retries', async () => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'saveConnection').mockRejectedValue(new ThrottledError('busy'));
    const result = await createHandler(deps)(signedIn(connectEvent({ token: 't' }), 'u-1', 'Ada'));
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ code: 'THROTTLED' });
  });

  it('answers 500 INTERNAL_ERROR for anything else, without leaking the cause, and never throws', async () => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'saveConnection').mockRejectedValue(new Error('socket hang up at 10.0.0.1'));
    const result = await createHandler(deps)(signedIn(connectEvent({ token: 't' }), 'u-1', 'Ada'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('10.0.0.1');
    expect(JSON.parse(result.body ?? '')).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(deps.logger.error).toHaveBeenCalled();
    expect(deps.logger.resetKeys).toHaveBeenCalled();
  });

  describe('exported handler (container wiring)', () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => ddb.reset());
    afterAll(() => ddb.restore());

    it("counts the user's connections, then writes the row and the user's entry with a TTL", async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(PutCommand).resolves({});
      const event = signedIn(connectEvent({ token: 't' }), 'user-Grace', 'Grace');
      await expect(handler(event)).resolves.toEqual({ statusCode: 200 });
      expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
        ExpressionAttributeValues: { ':pk': 'USER#user-Grace' },
        ConsistentRead: true,
        Limit: 10,
      });
      const [row, entry] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
      expect(row?.TableName).toBe(TEST_TABLE);
      const ttl = connectionTtl(event.requestContext.connectedAt);
      expect(row?.Item).toMatchObject({
        sk: CONNECTION_META_SK,
        userId: 'user-Grace',
        userName: 'Grace',
        ttl,
      });
      expect(entry?.Item).toEqual({
        pk: 'USER#user-Grace',
        sk: `CONN#${event.requestContext.connectionId}`,
        userId: 'user-Grace',
        connectionId: event.requestContext.connectionId,
        ttl,
      });
    });

    it('refuses the upgrade with 429 TOO_MANY_CONNECTIONS at the cap, writing nothing', async () => {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const open = Array.from({ length: 10 }, (_, i) => ({ connectionId: `c${i}`, ttl: nowSeconds + 600 }));
      ddb.on(QueryCommand).resolves({ Items: open });
      const result = await handler(signedIn(connectEvent({ token: 't' }), 'user-Grace', 'Grace'));
      expect(result.statusCode).toBe(429);
      expect(JSON.parse(result.body ?? '{}')).toMatchObject({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    });

    it('does not count entries past their TTL (TTL deletion lags)', async () => {
      const stale = Array.from({ length: 10 }, (_, i) => ({ connectionId: `c${i}`, ttl: 1 }));
      ddb.on(QueryCommand).resolves({ Items: stale });
      ddb.on(PutCommand).resolves({});
      const result = await handler(signedIn(connectEvent({ token: 't' }), 'user-Grace', 'Grace'));
      expect(result.statusCode).toBe(200);
    });

    it('maps a raw SDK throttling error to 503', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(PutCommand).rejects(
        new ProvisionedThroughputExceededException({
          message: 'exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      await expect(
        handler(signedIn(connectEvent({ token: 't' }), 'user-Grace', 'Grace')),
      ).resolves.toMatchObject({ statusCode: 503 });
    });
  });
});

describe('connectRejectionStatus', () => {
  it.each([
    ['INVALID_NAME', 400],
    ['TOO_MANY_CONNECTIONS', 429],
    ['THROTTLED', 503],
    ['INTERNAL_ERROR', 500],
    ['UNKNOWN_CONNECTION', 500],
  ] as const)('%s → %d', (code, status) => {
    expect(connectRejectionStatus(code)).toBe(status);
  });
});
