// API Gateway's frame, message, binary and timeout limits enforced on real sockets.
import { connect } from './support/clients';
import { startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

describe('frame and message limits', () => {
  it('closes with 1009 on a frame over 32 KB and reports it in $disconnect', async () => {
    const { gateway, invoker } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    client.ws.send('a'.repeat(32 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext).toMatchObject({
      disconnectStatusCode: 1009,
      disconnectReason: 'Message too big',
    });
    expect(invoker.callsOf('default')).toHaveLength(0);
  });

  it('accepts a message of several frames of at most 32 KB up to 128 KB', async () => {
    const { gateway, invoker } = await startGateway();
    invoker.on('default', (event) => ({ statusCode: 200, body: String(event.body!.length) }));
    const client = await connect(gateway.websocketUrl);
    const part = 'b'.repeat(32 * 1024);
    for (let i = 0; i < 4; i += 1) client.ws.send(part, { fin: i === 3 });
    expect(await client.next()).toBe(String(128 * 1024));
  });

  it('closes with 1009 on a message over 128 KB even when every frame is small', async () => {
    const { gateway, invoker } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    const part = 'c'.repeat(30 * 1024);
    for (let i = 0; i < 5; i += 1) client.ws.send(part, { fin: i === 4 });
    expect((await client.closed).code).toBe(1009);
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext.disconnectStatusCode).toBe(1009);
  });

  it('closes with 1003 on a binary frame', async () => {
    const { gateway, invoker } = await startGateway();
    const client = await connect(gateway.websocketUrl);
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.closed).code).toBe(1003);
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext.disconnectStatusCode).toBe(1003);
  });
});

describe('timeouts', () => {
  it('closes an idle connection with the configured idle close code and fires $disconnect', async () => {
    const { gateway, invoker } = await startGateway({ limits: { idleTimeoutMs: 100 } });
    const client = await connect(gateway.websocketUrl);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext).toMatchObject({
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    });
  });

  it('closes at the maximum connection duration', async () => {
    const { gateway, invoker } = await startGateway({
      limits: { maxConnectionMs: 100, maxDurationClose: { code: 4001, reason: 'max duration' } },
    });
    const client = await connect(gateway.websocketUrl);
    expect(await client.closed).toEqual({ code: 4001, reason: 'max duration' });
    const [call] = await invoker.waitForCalls('disconnect');
    expect(call!.event.requestContext.disconnectReason).toBe('max duration');
  });
});
