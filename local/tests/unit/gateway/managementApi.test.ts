// The @connections API through the real ApiGatewayManagementApiClient, as handlers will use it.
import {
  DeleteConnectionCommand,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { connect } from './support/clients';
import { connectionIdOf, startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

const caught = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

describe('PostToConnection', () => {
  it('delivers the data to the client as a text frame', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const output = await sdk().send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"message"}' }),
    );
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(await client.next()).toBe('{"type":"message"}');
  });

  it('answers 410 GoneException for an unknown connection', async () => {
    const { sdk } = await startGateway();
    const error = await caught(
      sdk().send(new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' })),
    );
    expect(error).toBeInstanceOf(GoneException);
    expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
  });

  it('answers 410 while $connect is still running, and 200 once the connection is open', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const client = sdk();
    let duringConnect: unknown;
    invoker.on('connect', async (event) => {
      duringConnect = await caught(
        client.send(
          new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: 'early' }),
        ),
      );
      return { statusCode: 200 };
    });
    const socket = await connect(gateway.websocketUrl);
    expect(duringConnect).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    const connectionId = await connectionIdOf(invoker);
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' }));
    expect(await socket.next()).toBe('late');
  });

  it('accepts 128 KB and answers 413 PayloadTooLargeException above it', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const limit = 128 * 1024;
    await sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'a'.repeat(limit) }));
    expect((await client.next()).length).toBe(limit);
    const error = await caught(
      sdk().send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'a'.repeat(limit + 1) })),
    );
    expect(error).toBeInstanceOf(PayloadTooLargeException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 413 } });
  });

  it('answers 403 ForbiddenException for another stage', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const wrongStage = sdk({ endpoint: `http://127.0.0.1:${gateway.port}/prod` });
    const error = await caught(
      wrongStage.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(error).toBeInstanceOf(ForbiddenException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('decodes percent-encoded ids and answers 403 for paths outside @connections', async () => {
    const { gateway, invoker } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const encoded = encodeURIComponent(connectionId);
    expect(encoded).toContain('%3D');
    const ok = await fetch(`${gateway.managementEndpoint}/@connections/${encoded}`, {
      method: 'POST',
      body: 'hi',
    });
    expect(ok.status).toBe(200);
    expect(await client.next()).toBe('hi');
    const other = await fetch(`${gateway.managementEndpoint}/somewhere`, { method: 'POST', body: 'x' });
    expect(other.status).toBe(403);
    expect(other.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
  });
});

describe('GetConnection', () => {
  it('returns connectedAt, identity and a lastActiveAt moved by data frames but not by pings', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    invoker.on('ping', () => ({ statusCode: 200, body: 'pong' }));
    const client = await connect(gateway.websocketUrl, { headers: { 'User-Agent': 'getter/1' } });
    const connectionId = await connectionIdOf(invoker);
    const get = () => sdk().send(new GetConnectionCommand({ ConnectionId: connectionId }));
    const first = await get();
    expect(first.ConnectedAt).toEqual(
      new Date(invoker.callsOf('connect')[0]!.event.requestContext.connectedAt),
    );
    expect(first.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'getter/1' });
    expect(first.LastActiveAt).toBeInstanceOf(Date);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise<void>((resolve) => {
      client.ws.once('pong', () => resolve());
      client.ws.ping();
    });
    expect((await get()).LastActiveAt).toEqual(first.LastActiveAt);

    client.ws.send('{"action":"ping"}');
    await client.next();
    expect((await get()).LastActiveAt!.getTime()).toBeGreaterThan(first.LastActiveAt!.getTime());
  });
});

describe('DeleteConnection', () => {
  it('closes the socket, then fires $disconnect; the connection is gone afterwards', async () => {
    const { gateway, invoker, sdk } = await startGateway();
    let postDuringDisconnect: unknown;
    invoker.on('disconnect', async (event) => {
      const { connectionId: id } = event.requestContext;
      postDuringDisconnect = await caught(
        sdk().send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' })),
      );
    });
    const client = await connect(gateway.websocketUrl);
    const connectionId = await connectionIdOf(invoker);
    const output = await sdk().send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(output.$metadata.httpStatusCode).toBe(204);
    const closed = await client.closed;
    expect(closed.code).toBe(1000);
    const [disconnect] = await invoker.waitForCalls('disconnect');
    expect(disconnect!.event.requestContext).toMatchObject({ connectionId, disconnectStatusCode: 1000 });
    await disconnect!.done;
    // By the time $disconnect runs the socket is closed: nothing can reach the client any more.
    expect(postDuringDisconnect).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    const error = await caught(sdk().send(new GetConnectionCommand({ ConnectionId: connectionId })));
    expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    await gateway.close();
    expect(invoker.callsOf('disconnect')).toHaveLength(1);
  });
});
