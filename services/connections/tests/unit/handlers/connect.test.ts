import '../../support/env';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { connectionTtl, CONNECTION_META_SK } from '@chorus/keys';
import { parseServerFrame } from '@chorus/protocol';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../src/errors';
import { connectRejectionStatus, createHandler, handler } from '../../../src/handlers/connect';
import { TEST_TABLE } from '../../support/env';
import { connectEvent } from '../../support/events';
import { testDeps } from '../../support/fakes';

describe('$connect', () => {
  it('accepts a valid name and records the connection with connectedAt from API Gateway', async () => {
    const deps = testDeps();
    const event = connectEvent({ name: 'Ada Lovelace' }, { connectedAt: 1_764_000_123_456 });
    const { connectionId, requestId } = event.requestContext;

    await expect(createHandler(deps)(event)).resolves.toEqual({ statusCode: 200 });

    expect(deps.store.connections.get(connectionId)).toEqual({
      connectionId,
      userName: 'Ada Lovelace',
      connectedAt: 1_764_000_123_456,
    });
    expect(deps.metrics.published.get('Connects')).toBe(1);
    expect(deps.logger.appendKeys).toHaveBeenCalledWith(expect.objectContaining({ requestId, connectionId }));
    expect(deps.logger.resetKeys).toHaveBeenCalled();
  });

  it.each([
    ['no query string at all', undefined],
    ['no name parameter', { room: 'lobby' }],
    ['an empty name', { name: '' }],
    ['a name with a leading space', { name: ' Ada' }],
    ['a name that is too long', { name: 'A'.repeat(33) }],
    ['a name with markup', { name: '<b>Ada</b>' }],
  ])('rejects the upgrade with 400 and a JSON explanation for %s', async (_label, query) => {
    const deps = testDeps();
    const event = connectEvent(query);

    const result = await createHandler(deps)(event);

    expect(result.statusCode).toBe(400);
    const body = parseServerFrame(result.body ?? '');
    expect(body).toMatchObject({
      type: 'error',
      code: 'INVALID_NAME',
      requestId: event.requestContext.requestId,
    });
    expect(body.type === 'error' && body.message).toMatch(/\?name=<display name>/);
    expect(deps.store.connections.size).toBe(0);
    expect(deps.metrics.published.get('ConnectsRejected')).toBe(1);
    expect(deps.logger.error).not.toHaveBeenCalled();
  });

  it('answers 503 THROTTLED when DynamoDB throttles, so the client backs off and retries', async () => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'saveConnection').mockRejectedValue(new ThrottledError('busy'));
    const result = await createHandler(deps)(connectEvent({ name: 'Ada' }));
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ code: 'THROTTLED' });
  });

  it('answers 500 INTERNAL_ERROR for anything else, without leaking the cause, and never throws', async () => {
    const deps = testDeps();
    jest.spyOn(deps.store, 'saveConnection').mockRejectedValue(new Error('socket hang up at 10.0.0.1'));
    const result = await createHandler(deps)(connectEvent({ name: 'Ada' }));
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

    it('writes the row to CONNECTIONS_TABLE with a TTL', async () => {
      ddb.on(PutCommand).resolves({});
      const event = connectEvent({ name: 'Grace' });
      await expect(handler(event)).resolves.toEqual({ statusCode: 200 });
      const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
      expect(input?.TableName).toBe(TEST_TABLE);
      expect(input?.Item).toMatchObject({
        sk: CONNECTION_META_SK,
        userName: 'Grace',
        ttl: connectionTtl(event.requestContext.connectedAt),
      });
    });

    it('maps a raw SDK throttling error to 503', async () => {
      ddb.on(PutCommand).rejects(
        new ProvisionedThroughputExceededException({
          message: 'exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      await expect(handler(connectEvent({ name: 'Grace' }))).resolves.toMatchObject({ statusCode: 503 });
    });
  });
});

describe('connectRejectionStatus', () => {
  it.each([
    ['INVALID_NAME', 400],
    ['THROTTLED', 503],
    ['INTERNAL_ERROR', 500],
    ['UNKNOWN_CONNECTION', 500],
  ] as const)('%s → %d', (code, status) => {
    expect(connectRejectionStatus(code)).toBe(status);
  });
});
