// The gateway end to end over real sockets: handshake, event shapes, routing, error frames,
// concurrency and shutdown. The Lambda side is a fake in-memory invoker.
import { isGatewayId } from '../../../src/gateway/connectionIds';
import { connect, terminateAllClients, type RejectedHandshake } from './support/clients';
import { deferred } from './support/fakeInvoker';
import { API_ID, connectionIdOf, ROUTES, startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

const frameShape = (message: string) =>
  new RegExp(
    `^\\{"message": "${message}", "connectionId":"([A-Za-z0-9_-]{15}=)", "requestId":"([A-Za-z0-9_-]{15}=)"\\}$`,
  );

describe('WebSocketGateway endpoints', () => {
  it('exposes the WebSocket URL and the management endpoint with the stage', async () => {
    const { gateway } = await startGateway();
    expect(gateway.port).toBeGreaterThan(0);
    expect(gateway.websocketUrl).toBe(`ws://127.0.0.1:${gateway.port}/local`);
    expect(gateway.managementEndpoint).toBe(`http://127.0.0.1:${gateway.port}/local`);
  });

  it('refuses upgrades on other paths with 403', async () => {
    const { gateway } = await startGateway();
    await expect(connect(`ws://127.0.0.1:${gateway.port}/prod`)).rejects.toMatchObject({ status: 403 });
  });
});

describe('$connect', () => {
  it('sends a CONNECT event with headers, query maps and identity, then accepts on 2xx', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('connect', () => ({ statusCode: 200 }));
    await connect(`${gateway.websocketUrl}?name=alice&tag=a&tag=b`, {
      headers: { 'User-Agent': 'chorus-test/1' },
    });
    const [call] = await invoker.waitForCalls('connect');
    const { requestContext: ctx, ...rest } = call!.event;
    expect(ctx).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'local',
      apiId: API_ID,
      domainName: `${API_ID}.execute-api.us-east-1.amazonaws.com`,
      identity: { sourceIp: '127.0.0.1', userAgent: 'chorus-test/1' },
    });
    expect(ctx).not.toHaveProperty('messageId');
    expect(isGatewayId(ctx.connectionId)).toBe(true);
    expect(isGatewayId(ctx.requestId)).toBe(true);
    expect(ctx.extendedRequestId).toBe(ctx.requestId);
    expect(ctx.requestTimeEpoch).toBe(ctx.connectedAt);
    expect(ctx.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(rest.queryStringParameters).toEqual({ name: 'alice', tag: 'b' });
    expect(rest.multiValueQueryStringParameters).toEqual({ name: ['alice'], tag: ['a', 'b'] });
    expect(rest.headers).toMatchObject({
      'User-Agent': 'chorus-test/1',
      'Sec-WebSocket-Version': '13',
      'X-Forwarded-For': '127.0.0.1',
      'X-Forwarded-Port': String(gateway.port),
      'X-Forwarded-Proto': 'http',
    });
    expect(rest.headers!['Sec-WebSocket-Key']).toEqual(expect.any(String));
    expect(rest.headers!['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(rest.multiValueHeaders!['User-Agent']).toEqual(['chorus-test/1']);
    expect(rest.isBase64Encoded).toBe(false);
    expect(rest).not.toHaveProperty('body');
  });

  it('leaves the query maps out when the URL has no query string', async () => {
    const { gateway, invoker } = await startGateway();
    await connect(gateway.websocketUrl);
    const [call] = await invoker.waitForCalls('connect');
    expect(call!.event).not.toHaveProperty('queryStringParameters');
    expect(call!.event).not.toHaveProperty('multiValueQueryStringParameters');
  });

  it.each([400, 401])(
    'rejects the handshake with the statusCode %i and body $connect returned',
    async (status) => {
      const { gateway, invoker } = await startGateway();
      invoker.on('connect', () => ({ statusCode: status, body: `refused with ${status}` }));
      const rejection = (await connect(gateway.websocketUrl).catch((e: unknown) => e)) as RejectedHandshake;
      expect(rejection).toMatchObject({ status, body: `refused with ${status}` });
      expect(invoker.callsOf('disconnect')).toHaveLength(0);
      expect(gateway['registry'].size).toBe(0);
    },
  );

  it('answers 502 when $connect throws, and logs the failure with its request id', async () => {
    const { gateway, invoker, logger } = await startGateway();
    invoker.on('connect', () => {
      throw new Error('boom');
    });
    await expect(connect(gateway.websocketUrl)).rejects.toMatchObject({ status: 502 });
    const [call] = invoker.callsOf('connect');
    const logged = logger.entries.find((entry) => entry.level === 'error');
    expect(logged?.extra).toMatchObject({
      requestId: call!.event.requestContext.requestId,
      connectionId: call!.event.requestContext.connectionId,
      error: { message: 'boom' },
    });
    expect(invoker.callsOf('disconnect')).toHaveLength(0);
  });

  it('answers 502 when $connect returns a statusCode that is not an HTTP status', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('connect', () => ({ statusCode: 42 }));
    await expect(connect(gateway.websocketUrl)).rejects.toMatchObject({ status: 502 });
  });

  it('treats a $connect result without statusCode as connectDefaultStatusCode', async () => {
    const accepting = await startGateway();
    await connect(accepting.gateway.websocketUrl);
    const rejecting = await startGateway({ connectDefaultStatusCode: 500 });
    rejecting.invoker.on('connect', () => undefined);
    await expect(connect(rejecting.gateway.websocketUrl)).rejects.toMatchObject({ status: 500 });
  });

  it('accepts every connection when there is no $connect route', async () => {
    const { $connect: _omitted, ...routes } = ROUTES;
    const { gateway, invoker } = await startGateway({ routes });
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"ping"}');
    await invoker.waitForCalls('ping');
  });

  it('keeps the upgrade pending until $connect returns', async () => {
    const { gateway, invoker } = await startGateway();
    const release = deferred();
    let opened = false;
    invoker.on('connect', async () => {
      await release.promise;
      return { statusCode: 200 };
    });
    const client = connect(gateway.websocketUrl).then((c) => {
      opened = true;
      return c;
    });
    await invoker.waitForCalls('connect');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(opened).toBe(false);
    release.resolve();
    await client;
    expect(opened).toBe(true);
  });

  it('echoes a subprotocol only when $connect returns it', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('connect', () => ({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chorus.v1' } }));
    const client = await connect(gateway.websocketUrl, { protocols: ['chorus.v1', 'other'] });
    expect(client.ws.protocol).toBe('chorus.v1');
  });
});

describe('messages', () => {
  it('sends a MESSAGE event to the selected route and the route response body back', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('ping', () => ({ statusCode: 200, body: JSON.stringify({ type: 'pong', ts: 1 }) }));
    const client = await connect(gateway.websocketUrl, { headers: { 'User-Agent': 'ua' } });
    const connectionId = await connectionIdOf(invoker);
    client.ws.send('{"action":"ping"}');
    expect(JSON.parse(await client.next())).toEqual({ type: 'pong', ts: 1 });
    const [connectCall] = invoker.callsOf('connect');
    const [call] = invoker.callsOf('ping');
    expect(call!.event).toEqual({
      requestContext: expect.objectContaining({
        routeKey: 'ping',
        eventType: 'MESSAGE',
        messageDirection: 'IN',
        connectionId,
        connectedAt: connectCall!.event.requestContext.connectedAt,
        identity: { sourceIp: '127.0.0.1', userAgent: 'ua' },
      }),
      body: '{"action":"ping"}',
      isBase64Encoded: false,
    });
    const ctx = call!.event.requestContext;
    expect(isGatewayId(ctx.messageId!)).toBe(true);
    expect(ctx.requestId).toBe(ctx.extendedRequestId);
    expect(ctx.requestId).not.toBe(connectCall!.event.requestContext.requestId);
  });

  it('routes unknown actions, missing actions and non-JSON bodies to $default', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('default', (event) => ({ statusCode: 200, body: { echoed: event.body } }));
    const client = await connect(gateway.websocketUrl);
    for (const body of ['{"action":"nope"}', '{"other":1}', 'not json']) {
      client.ws.send(body);
      expect(JSON.parse(await client.next())).toEqual({ echoed: body });
    }
    expect(invoker.callsOf('default').map((c) => c.event.requestContext.routeKey)).toEqual([
      '$default',
      '$default',
      '$default',
    ]);
  });

  it('selects routes with a custom expression on a nested path', async () => {
    const routes = { ...ROUTES, 'chat/send': { functionName: 'chatSend', routeResponse: true } };
    const { gateway, invoker } = await startGateway({
      routes,
      routeSelectionExpression: '$request.body.meta.route',
    });
    invoker.on('chatSend', () => ({ statusCode: 200, body: 'sent' }));
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"meta":{"route":"chat/send"}}');
    expect(await client.next()).toBe('sent');
  });

  it('sends nothing back from a one-way route', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('oneWay', () => ({ statusCode: 200, body: 'must not be sent' }));
    invoker.on('ping', () => ({ statusCode: 200, body: 'pong' }));
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"fireAndForget"}');
    const [oneWay] = await invoker.waitForCalls('oneWay');
    await oneWay!.done;
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toBe('pong');
  });

  it('answers the Forbidden frame when nothing matches and there is no $default, and stays open', async () => {
    const { $default: _omitted, ...routes } = ROUTES;
    const { gateway, invoker } = await startGateway({ routes });
    invoker.on('ping', () => ({ statusCode: 200, body: 'pong' }));
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    client.ws.send('{"action":"nope"}');
    const match = frameShape('Forbidden').exec(await client.next());
    expect(match?.[1]).toBe(connectionId);
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toBe('pong');
  });

  it('answers the Internal server error frame when the integration fails, logs it, and stays open', async () => {
    const { gateway, invoker, logger } = await startGateway();
    let fail = true;
    invoker.on('ping', () => {
      if (fail) throw new Error('handler exploded');
      return { statusCode: 200, body: 'pong' };
    });
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    client.ws.send('{"action":"ping"}');
    const match = frameShape('Internal server error').exec(await client.next());
    expect(match?.[1]).toBe(connectionId);
    const requestId = match?.[2];
    expect(invoker.callsOf('ping')[0]!.event.requestContext.requestId).toBe(requestId);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        extra: expect.objectContaining({
          requestId,
          connectionId,
          error: expect.objectContaining({ message: 'handler exploded' }),
        }),
      }),
    );
    fail = false;
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toBe('pong');
  });

  it('answers the Internal server error frame when the integration outlives the integration timeout', async () => {
    const { gateway, invoker } = await startGateway({ limits: { integrationTimeoutMs: 50 } });
    const release = deferred();
    invoker.on('ping', async () => {
      await release.promise;
      return { statusCode: 200, body: 'late' };
    });
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toMatch(frameShape('Internal server error'));
    release.resolve();
  });

  it('by default answers a non-2xx statusCode on a two-way route with the Internal server error frame', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('ping', () => ({ statusCode: 400, body: 'bad' }));
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toMatch(frameShape('Internal server error'));
  });

  it('can send the body of a non-2xx result instead (configurable)', async () => {
    const { gateway, invoker } = await startGateway({ nonSuccessMessageResponse: 'send-body' });
    invoker.on('ping', () => ({ statusCode: 400, body: 'bad' }));
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toBe('bad');
  });

  it("dispatches a connection's messages as they arrive, without serializing them", async () => {
    const { gateway, invoker } = await startGateway();
    const slowRelease = deferred();
    invoker.on('default', async () => {
      await slowRelease.promise;
      return { statusCode: 200, body: 'slow' };
    });
    invoker.on('ping', () => ({ statusCode: 200, body: 'fast' }));
    const client = await connect(gateway.websocketUrl);
    client.ws.send('{"action":"slow"}');
    client.ws.send('{"action":"ping"}');
    expect(await client.next()).toBe('fast');
    slowRelease.resolve();
    expect(await client.next()).toBe('slow');
  });

  it('loses no message under a burst', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('ping', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      return { statusCode: 200, body: JSON.parse(event.body!).n as string };
    });
    const client = await connect(gateway.websocketUrl);
    const count = 200;
    for (let n = 0; n < count; n += 1) client.ws.send(JSON.stringify({ action: 'ping', n: String(n) }));
    const replies: string[] = [];
    for (let n = 0; n < count; n += 1) replies.push(await client.next());
    expect(replies.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, n) => n));
    expect(new Set(invoker.callsOf('ping').map((c) => c.event.requestContext.messageId)).size).toBe(count);
  });
});

describe('$disconnect', () => {
  it('fires once after a client close, with the close code, reason and the fixed headers', async () => {
    const { gateway, invoker } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    client.ws.close(4000, 'bye');
    const [call] = await invoker.waitForCalls('disconnect');
    const [connectCall] = invoker.callsOf('connect');
    expect(call!.event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      connectionId,
      connectedAt: connectCall!.event.requestContext.connectedAt,
      disconnectStatusCode: 4000,
      disconnectReason: 'bye',
    });
    expect(call!.event.requestContext).not.toHaveProperty('messageId');
    expect(Object.keys(call!.event.headers!).sort()).toEqual([
      'Host',
      'X-Forwarded-For',
      'x-api-key',
      'x-restapi',
    ]);
    expect(call!.event.headers!['Host']).toBe(`127.0.0.1:${gateway.port}`);
    expect(call!.event).not.toHaveProperty('body');
    await gateway.close();
    expect(invoker.callsOf('disconnect')).toHaveLength(1);
  });

  it('fires when $connect accepted but the client went away before the upgrade completed', async () => {
    const { gateway, invoker } = await startGateway();
    const release = deferred();
    invoker.on('connect', async () => {
      await release.promise;
      return { statusCode: 200 };
    });
    const pending = connect(gateway.websocketUrl).catch(() => undefined);
    await invoker.waitForCalls('connect');
    terminateAllClients();
    await pending;
    release.resolve();
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext.disconnectStatusCode).toBe(1006);
  });
});

describe('close()', () => {
  it('closes open sockets with 1001, fires their $disconnect and waits for invocations in flight', async () => {
    const { gateway, invoker } = await startGateway();
    const release = deferred();
    let slowFinished = false;
    invoker.on('default', async () => {
      await release.promise;
      slowFinished = true;
      return { statusCode: 200, body: 'done' };
    });
    const client = await connect(gateway.websocketUrl);
    client.ws.send('slow');
    await invoker.waitForCalls('default');
    const closing = gateway.close();
    expect((await client.closed).code).toBe(1001);
    release.resolve();
    await closing;
    expect(slowFinished).toBe(true);
    const disconnects = invoker.callsOf('disconnect');
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0]!.event.requestContext.disconnectStatusCode).toBe(1001);
  });
});
