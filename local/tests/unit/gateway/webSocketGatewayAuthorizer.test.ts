// The REQUEST authorizer on $connect over real sockets: each outcome as the client sees it, and
// the authorizer's context on every later event of the connection.
import { connect } from './support/clients';
import { ROUTES, startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

const routes = {
  ...ROUTES,
  $connect: {
    ...ROUTES['$connect']!,
    authorizer: { functionName: 'authorize', identitySources: ['route.request.querystring.token'] },
  },
};

const allow = (event: { methodArn?: unknown }) => ({
  principalId: 'user-1',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
  },
  context: { userId: 'user-1', userName: 'Ada' },
});

describe('$connect authorizer', () => {
  it('answers 401 without invoking the authorizer when the token is missing', async () => {
    const { gateway, invoker } = await startGateway({ routes });
    await expect(connect(gateway.websocketUrl)).rejects.toMatchObject({ status: 401 });
    await expect(connect(`${gateway.websocketUrl}?token=`)).rejects.toMatchObject({ status: 401 });
    expect(invoker.callsOf('authorize')).toHaveLength(0);
    expect(invoker.callsOf('connect')).toHaveLength(0);
  });

  it('sends the REQUEST event with the methodArn, headers and query', async () => {
    const { gateway, invoker } = await startGateway({
      routes,
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    invoker.on('authorize', (event) => allow(event as never));
    await connect(`${gateway.websocketUrl}?token=abc`);
    const [call] = invoker.callsOf('authorize');
    expect(call!.event).toMatchObject({
      type: 'REQUEST',
      methodArn: `arn:aws:execute-api:eu-west-1:123456789012:${gateway.apiId}/local/$connect`,
      queryStringParameters: { token: 'abc' },
      requestContext: { routeKey: '$connect', eventType: 'CONNECT' },
    });
  });

  it.each([
    [
      'the error Unauthorized',
      401,
      () => {
        throw new Error('Unauthorized');
      },
    ],
    [
      'a Deny policy',
      403,
      (event: { methodArn?: unknown }) => ({
        ...allow(event),
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn }],
        },
      }),
    ],
    [
      'another error',
      500,
      () => {
        throw new Error('JWKS unreachable');
      },
    ],
  ])('answers %s with %i and never runs $connect', async (_label, status, handler) => {
    const { gateway, invoker } = await startGateway({ routes });
    invoker.on('authorize', (event) => (handler as (e: unknown) => unknown)(event));
    await expect(connect(`${gateway.websocketUrl}?token=abc`)).rejects.toMatchObject({ status });
    expect(invoker.callsOf('connect')).toHaveLength(0);
    expect(invoker.callsOf('disconnect')).toHaveLength(0);
  });

  it('runs $connect and every later event with principalId plus the context', async () => {
    const { gateway, invoker } = await startGateway({ routes });
    invoker.on('authorize', (event) => allow(event as never));
    invoker.on('ping', () => ({ statusCode: 200, body: 'pong' }));
    const client = await connect(`${gateway.websocketUrl}?token=abc`);
    client.ws.send(JSON.stringify({ action: 'ping' }));
    await invoker.waitForCalls('ping');
    client.ws.close();
    await invoker.waitForCalls('disconnect');
    const expected = { principalId: 'user-1', userId: 'user-1', userName: 'Ada' };
    for (const name of ['connect', 'ping', 'disconnect']) {
      expect(invoker.callsOf(name)[0]!.event.requestContext).toMatchObject({ authorizer: expected });
    }
  });

  it('never logs the token', async () => {
    const { gateway, invoker, logger } = await startGateway({ routes });
    invoker.on('authorize', () => {
      throw new Error('JWKS unreachable');
    });
    await expect(connect(`${gateway.websocketUrl}?token=secret-token-value`)).rejects.toMatchObject({
      status: 500,
    });
    expect(logger.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(logger.entries)).not.toContain('secret-token-value');
  });
});
