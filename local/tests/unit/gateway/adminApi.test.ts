// The /_chorus/ admin endpoints: dropping sockets like a dead network and injecting @connections faults.
import { LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { WebSocket } from 'ws';
import { ADMIN_SECRET_HEADER, type WebSocketGateway } from '../../../src/gateway';
import { connect } from './support/clients';
import { deferred } from './support/fakeInvoker';
import { connectionIdOf, startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

const caught = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

/** An admin call as the local cloud's tools make it: with the gateway's secret, no Origin. */
function admin(
  gateway: Pick<WebSocketGateway, 'port' | 'adminSecret'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { [ADMIN_SECRET_HEADER]: gateway.adminSecret },
): Promise<Response> {
  return fetch(`http://127.0.0.1:${gateway.port}/_chorus/${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('POST /_chorus/drop-all', () => {
  it('cuts every socket without a close frame: 410 right after, and $disconnect fired with 1006', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const clients = [await connect(gateway.websocketUrl), await connect(gateway.websocketUrl)];
    const ids = [await connectionIdOf(invoker, 1), await connectionIdOf(invoker, 2)];

    const response = await admin(gateway, 'POST', 'drop-all');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ dropped: 2 });

    for (const id of ids) {
      const error = await caught(sdk().send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' })));
      expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    }
    for (const client of clients) expect((await client.closed).code).toBe(1006);
    const disconnects = invoker.callsOf('disconnect');
    expect(disconnects.map((c) => c.event.requestContext.connectionId).sort()).toEqual([...ids].sort());
    expect(disconnects.map((c) => c.event.requestContext.disconnectStatusCode)).toEqual([1006, 1006]);
  });

  it('answers 410 at once with ?wait=false, while $disconnect is still running', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const release = deferred();
    invoker.on('disconnect', () => release.promise);
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);

    const response = await admin(gateway, 'POST', 'drop-all?wait=false');
    expect(await response.json()).toEqual({ dropped: 1 });
    const error = await caught(
      sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    expect((await client.closed).code).toBe(1006);
    await invoker.waitForCalls('disconnect');
    release.resolve();
  });

  it('drops one connection by id, and lists the live ones', async () => {
    const { gateway, invoker } = await startGateway();
    const first = await connect(gateway.websocketUrl);
    await connect(gateway.websocketUrl);
    const [id1, id2] = [await connectionIdOf(invoker, 1), await connectionIdOf(invoker, 2)];

    const dropped = await admin(gateway, 'POST', `connections/${encodeURIComponent(id1)}/drop`);
    expect(dropped.status).toBe(200);
    expect((await first.closed).code).toBe(1006);

    const listing = (await (await admin(gateway, 'GET', 'connections')).json()) as {
      connections: Array<{ connectionId: string }>;
    };
    expect(listing.connections.map((c) => c.connectionId)).toEqual([id2]);
    expect((await admin(gateway, 'POST', `connections/${encodeURIComponent(id1)}/drop`)).status).toBe(404);
  });
});

describe('/_chorus/faults', () => {
  it('makes PostToConnection fail with 429 LimitExceededException until the faults are cleared', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const post = () => sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'hello' }));

    const set = await admin(gateway, 'POST', 'faults', { postToConnection: { status: 429, probability: 1 } });
    expect(set.status).toBe(200);
    const error = await caught(post());
    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });

    expect((await admin(gateway, 'DELETE', 'faults')).status).toBe(204);
    await post();
    expect(await client.next()).toBe('hello');
  });

  it('fires a counted fault only that many times (the SDK retry then succeeds, delivering once)', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    await admin(gateway, 'POST', 'faults', { postToConnection: { status: 500, count: 1 } });
    const output = await sdk({ maxAttempts: 3 }).send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'once' }),
    );
    expect(output.$metadata.attempts).toBe(2);
    expect(await client.next()).toBe('once');
    expect(await (await admin(gateway, 'GET', 'faults')).json()).toEqual({});
  });

  it('surfaces an injected 500 as a service error with its status', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    gateway.faults.set({ postToConnection: { status: 500, probability: 1 } });
    const error = await caught(
      sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });

  it('rejects invalid settings with 400 and unknown admin paths with 404', async () => {
    const { gateway } = await startGateway();
    expect((await admin(gateway, 'POST', 'faults', { postToConnection: { status: 200 } })).status).toBe(400);
    expect((await admin(gateway, 'POST', 'faults', { bogus: { status: 500 } })).status).toBe(400);
    expect((await admin(gateway, 'GET', 'nothing-here')).status).toBe(404);
  });
});

describe('who may call /_chorus/', () => {
  // Rows of the same length: jest passes a `done` callback to a function with more parameters.
  const routes: Array<[string, string, unknown]> = [
    ['GET', 'connections', undefined],
    ['POST', 'drop-all', undefined],
    ['POST', 'faults', { postToConnection: { status: 500 } }],
    ['DELETE', 'faults', undefined],
  ];

  it.each(routes)(
    'refuses %s %s without the secret (401) and with a wrong one, changing nothing',
    async (method, path, body) => {
      const { gateway } = await startGateway();
      const client = await connect(gateway.websocketUrl);
      const attempts: Array<Record<string, string>> = [
        {},
        { [ADMIN_SECRET_HEADER]: 'x'.repeat(gateway.adminSecret.length) },
      ];
      for (const headers of attempts) {
        const response = await admin(gateway, method, path, body, headers);
        expect(response.status).toBe(401);
        expect(((await response.json()) as { message: string }).message).toContain(ADMIN_SECRET_HEADER);
      }
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
      expect(gateway.faults.snapshot()).toEqual({});
    },
  );

  it.each(routes)(
    'refuses %s %s from a browser (any Origin header: 403), even with the secret',
    async (method, path, body) => {
      const { gateway } = await startGateway();
      const client = await connect(gateway.websocketUrl);
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${gateway.port}`]) {
        const response = await admin(gateway, method, path, body, {
          [ADMIN_SECRET_HEADER]: gateway.adminSecret,
          origin,
        });
        expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
      }
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
      expect(gateway.faults.snapshot()).toEqual({});
    },
  );

  it('answers with the secret and no Origin', async () => {
    const { gateway } = await startGateway();
    expect((await admin(gateway, 'GET', 'connections')).status).toBe(200);
  });

  it('makes a new secret for every gateway unless one is given', async () => {
    const [{ gateway: a }, { gateway: b }] = [await startGateway(), await startGateway()];
    expect(a.adminSecret).not.toBe(b.adminSecret);
    expect(a.adminSecret.length).toBeGreaterThanOrEqual(32);
    const { gateway: given } = await startGateway({ adminSecret: 'given-secret-of-enough-length' });
    expect(given.adminSecret).toBe('given-secret-of-enough-length');
  });
});
