// The /_chorus/ admin endpoints: dropping sockets like a dead network and injecting @connections faults.
import { LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
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

let secret = '';
afterEach(() => {
  secret = '';
});

/** Starts a gateway and remembers its admin secret for admin(). */
async function gatewayWithAdmin(...args: Parameters<typeof startGateway>) {
  const started = await startGateway(...args);
  secret = started.gateway.adminSecret;
  return started;
}

function admin(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}/_chorus/${path}`, {
    method,
    headers: {
      'x-chorus-admin-secret': secret,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('who may call /_chorus/', () => {
  it('refuses a request without the secret with 401 naming the header and the endpoints file', async () => {
    const { gateway } = await gatewayWithAdmin();
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/connections`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /x-chorus-admin-secret.*endpoints\.json/,
    );
  });

  it('refuses a wrong secret, even one of the same length', async () => {
    const { gateway } = await gatewayWithAdmin();
    const wrong = gateway.adminSecret.replace(/./, (c) => (c === 'a' ? 'b' : 'a'));
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/drop-all`, {
      method: 'POST',
      headers: { 'x-chorus-admin-secret': wrong },
    });
    expect(response.status).toBe(401);
  });

  it('refuses any browser request (an Origin header) with 403, even with the secret', async () => {
    const { gateway, invoker } = await gatewayWithAdmin();
    const client = await connect(gateway.websocketUrl);
    await connectionIdOf(invoker);
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/drop-all`, {
      method: 'POST',
      headers: { 'x-chorus-admin-secret': gateway.adminSecret, origin: 'http://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/refuse browser requests/);
    // Nothing was dropped.
    expect(invoker.callsOf('disconnect')).toHaveLength(0);
    client.ws.close();
  });

  it('takes a secret given by the local cloud', async () => {
    const { gateway } = await gatewayWithAdmin({ adminSecret: 'fixed-secret' });
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/connections`, {
      headers: { 'x-chorus-admin-secret': 'fixed-secret' },
    });
    expect(response.status).toBe(200);
  });
});

describe('POST /_chorus/drop-all', () => {
  it('cuts every socket without a close frame: 410 right after, and $disconnect fired with 1006', async () => {
    const { gateway, invoker, sdk } = await gatewayWithAdmin();
    const base = `http://127.0.0.1:${gateway.port}`;
    const clients = [await connect(gateway.websocketUrl), await connect(gateway.websocketUrl)];
    const ids = [await connectionIdOf(invoker, 1), await connectionIdOf(invoker, 2)];

    const response = await admin(base, 'POST', 'drop-all');
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
    const { gateway, invoker, sdk } = await gatewayWithAdmin();
    const release = deferred();
    invoker.on('disconnect', () => release.promise);
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);

    const response = await admin(`http://127.0.0.1:${gateway.port}`, 'POST', 'drop-all?wait=false');
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
    const { gateway, invoker } = await gatewayWithAdmin();
    const base = `http://127.0.0.1:${gateway.port}`;
    const first = await connect(gateway.websocketUrl);
    await connect(gateway.websocketUrl);
    const [id1, id2] = [await connectionIdOf(invoker, 1), await connectionIdOf(invoker, 2)];

    const dropped = await admin(base, 'POST', `connections/${encodeURIComponent(id1)}/drop`);
    expect(dropped.status).toBe(200);
    expect((await first.closed).code).toBe(1006);

    const listing = (await (await admin(base, 'GET', 'connections')).json()) as {
      connections: Array<{ connectionId: string }>;
    };
    expect(listing.connections.map((c) => c.connectionId)).toEqual([id2]);
    expect((await admin(base, 'POST', `connections/${encodeURIComponent(id1)}/drop`)).status).toBe(404);
  });
});

describe('/_chorus/faults', () => {
  it('makes PostToConnection fail with 429 LimitExceededException until the faults are cleared', async () => {
    const { gateway, invoker, sdk } = await gatewayWithAdmin();
    const base = `http://127.0.0.1:${gateway.port}`;
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const post = () => sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'hello' }));

    const set = await admin(base, 'POST', 'faults', { postToConnection: { status: 429, probability: 1 } });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ postToConnection: [{ status: 429, probability: 1, fired: 0 }] });
    const error = await caught(post());
    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });

    expect((await admin(base, 'DELETE', 'faults')).status).toBe(204);
    await post();
    expect(await client.next()).toBe('hello');
  });

  it('fires a counted fault only that many times (the SDK retry then succeeds, delivering once)', async () => {
    const { gateway, invoker, sdk } = await gatewayWithAdmin();
    const base = `http://127.0.0.1:${gateway.port}`;
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    await admin(base, 'POST', 'faults', { postToConnection: { status: 500, count: 1 } });
    const output = await sdk({ maxAttempts: 3 }).send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'once' }),
    );
    expect(output.$metadata.attempts).toBe(2);
    expect(await client.next()).toBe('once');
    expect(await (await admin(base, 'GET', 'faults')).json()).toEqual({});
    expect(await (await admin(base, 'GET', 'faults/fired')).json()).toEqual({
      fired: [{ operation: 'postToConnection', status: 500, connectionId }],
    });
  });

  it('surfaces an injected 500 as a service error with its status', async () => {
    const { gateway, invoker, sdk } = await gatewayWithAdmin();
    await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    gateway.faults.set({ postToConnection: { status: 500, probability: 1 } });
    const error = await caught(
      sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });

  it('rejects invalid settings with 400 and unknown admin paths with 404', async () => {
    const { gateway } = await gatewayWithAdmin();
    const base = `http://127.0.0.1:${gateway.port}`;
    expect((await admin(base, 'POST', 'faults', { postToConnection: { status: 200 } })).status).toBe(400);
    expect((await admin(base, 'POST', 'faults', { bogus: { status: 500 } })).status).toBe(400);
    expect((await admin(base, 'GET', 'nothing-here')).status).toBe(404);
  });
});

describe('/_chorus/restart', () => {
  /** A gateway whose restart stays down until the test lets it come back. */
  async function restartable() {
    const downtime = deferred();
    const asked: number[] = [];
    const started = await gatewayWithAdmin({
      sleep: (ms) => {
        asked.push(ms);
        return downtime.promise;
      },
    });
    return { ...started, asked, comeBack: () => downtime.resolve() };
  }

  async function restarts(base: string): Promise<number> {
    return ((await (await admin(base, 'GET', 'restarts')).json()) as { restarts: number }).restarts;
  }

  it('drops every socket, refuses connections while down, and listens again on the same port', async () => {
    const { gateway, invoker, sdk, asked, comeBack } = await restartable();
    const base = `http://127.0.0.1:${gateway.port}`;
    const port = gateway.port;
    const client = await connect(gateway.websocketUrl);
    const oldId = await connectionIdOf(invoker);

    const answer = await admin(base, 'POST', 'restart', { downMs: 1500 });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ downMs: 1500, restarts: 0 });
    // Cut without a close frame, and $disconnect ran for it.
    expect((await client.closed).code).toBe(1006);
    await invoker.waitForCalls('disconnect', 1);
    expect(asked).toEqual([1500]);

    // Down: nothing answers on the port, neither handshakes nor @connections.
    await expect(connect(gateway.websocketUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const refused = await caught(sdk().send(new PostToConnectionCommand({ ConnectionId: oldId, Data: 'x' })));
    expect(String(refused)).toContain('ECONNREFUSED');

    comeBack();
    while ((await restarts(base).catch(() => 0)) === 0) await new Promise((r) => setTimeout(r, 20));
    expect(gateway.port).toBe(port);
    // Back with an empty registry: the old connection is gone, a new one works.
    const gone = await caught(sdk().send(new PostToConnectionCommand({ ConnectionId: oldId, Data: 'x' })));
    expect(gone).toMatchObject({ $metadata: { httpStatusCode: 410 } });
    const fresh = await connect(gateway.websocketUrl);
    const freshId = await connectionIdOf(invoker, 2);
    await sdk().send(new PostToConnectionCommand({ ConnectionId: freshId, Data: 'after' }));
    expect(await fresh.next()).toBe('after');
    // Its messages reach their route and the route response comes back, as before the restart.
    invoker.on('ping', (event) => ({ statusCode: 200, body: `pong ${event.requestContext.connectionId}` }));
    fresh.ws.send(JSON.stringify({ action: 'ping' }));
    expect(await fresh.next()).toBe(`pong ${freshId}`);
  });

  it('takes the default downtime from an empty body and refuses bad ones with 400', async () => {
    const { gateway, asked, comeBack } = await restartable();
    const base = `http://127.0.0.1:${gateway.port}`;
    for (const body of [{ downMs: -1 }, { downMs: 60_001 }, { downMs: 'long' }, { downMs: 5, x: 1 }, [1]]) {
      const refused = await admin(base, 'POST', 'restart', body);
      expect(refused.status).toBe(400);
    }
    expect(asked).toEqual([]);
    const answer = await fetch(`${base}/_chorus/restart`, {
      method: 'POST',
      headers: { 'x-chorus-admin-secret': secret },
    });
    expect(answer.status).toBe(202);
    while (asked.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([1000]);
    comeBack();
    while ((await restarts(base).catch(() => 0)) === 0) await new Promise((r) => setTimeout(r, 20));
  });
});
