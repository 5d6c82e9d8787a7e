// The account throttle, the per-call latency and phantom connections through the real
// ApiGatewayManagementApiClient and the /_chorus/ admin endpoints, as the bench uses them.
import {
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { connect } from './support/clients';
import { connectionIdOf, startGateway, stopGateways } from './support/harness';

afterEach(stopGateways);

async function started(...args: Parameters<typeof startGateway>) {
  const harness = await startGateway(...args);
  const base = `http://127.0.0.1:${harness.gateway.port}/_chorus`;
  const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${base}/${path}`, {
      method,
      headers: {
        'x-chorus-admin-secret': harness.gateway.adminSecret,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...harness, admin };
}

/** Settles every post: 'ok' or the error's name. */
const outcomes = (calls: Array<Promise<unknown>>): Promise<string[]> =>
  Promise.all(
    calls.map((call) =>
      call.then(
        () => 'ok',
        (error: Error) => error.name,
      ),
    ),
  );

describe('the account throttle', () => {
  it('answers 429 LimitExceededException above the burst, to real and phantom connections alike', async () => {
    const { gateway, invoker, sdk, admin } = await started();
    const socket = await connect(gateway.websocketUrl);
    const real = await connectionIdOf(invoker);
    await admin('POST', 'phantoms', { prefix: 'ph', count: 10 });
    // 0.001/s: no token comes back during the test
    const set = await admin('POST', 'throttle', { rate: 0.001, burst: 4 });
    expect(set.status).toBe(200);
    const client = sdk();
    const post = (id: string) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' }));
    const results = await outcomes([
      post(real),
      post('ph0'),
      post('ph1'),
      post('ph2'),
      post('ph3'),
      post(real),
    ]);
    expect(results.filter((r) => r === 'ok')).toHaveLength(4);
    expect(results.filter((r) => r === 'LimitExceededException')).toHaveLength(2);
    const error = await post('ph9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    expect(await (await admin('GET', 'throttle')).json()).toEqual({
      settings: { rate: 0.001, burst: 4, latencyMs: 0 },
      admitted: 4,
      throttled: 3,
    });
    expect((await admin('DELETE', 'throttle')).status).toBe(204);
    await post(real);
    expect(await socket.next()).toBe('x');
  });

  it('takes its settings from the gateway options too', async () => {
    const { sdk, admin } = await started({ throttle: { rate: 0.001, burst: 1, latencyMs: 0 } });
    await admin('POST', 'phantoms', { prefix: 'ph', count: 2 });
    const client = sdk();
    const post = (id: string) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' }));
    expect(await outcomes([post('ph0'), post('ph1')])).toEqual(['ok', 'LimitExceededException']);
  });

  it('waits the per-call latency before answering', async () => {
    const { sdk, admin } = await started();
    await admin('POST', 'phantoms', { prefix: 'ph', count: 1 });
    await admin('POST', 'throttle', { rate: 1_000_000, burst: 1_000, latencyMs: 150 });
    const client = sdk();
    const startedAt = performance.now();
    await client.send(new PostToConnectionCommand({ ConnectionId: 'ph0', Data: 'x' }));
    // A lower bound only: a slow machine answers later, never sooner.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(149);
  });

  it('refuses bad settings with 400 and the reason', async () => {
    const { admin } = await started();
    const response = await admin('POST', 'throttle', { rate: 10, burst: 0 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'burst must be from 1 to 10000000 (got 0)' });
  });
});

describe('phantom connections', () => {
  it('answer PostToConnection 200 and are counted, once each, without a socket', async () => {
    const { sdk, admin } = await started();
    const registered = await admin('POST', 'phantoms', { prefix: 'run1-', count: 3 });
    expect(await registered.json()).toMatchObject({ registered: 3, posted: 0, duplicates: 0 });
    const client = sdk();
    const post = (id: string) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' }));
    for (const id of ['run1-0', 'run1-1', 'run1-2', 'run1-1'])
      expect((await post(id)).$metadata.httpStatusCode).toBe(200);
    const stats = (await (await admin('GET', 'phantoms')).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ registered: 3, posted: 3, duplicates: 1 });
    expect(stats['completedAt']).toEqual(expect.any(Number));
    expect(await post('run1-3').catch((e: unknown) => e)).toBeInstanceOf(GoneException);
  });

  it('answer GetConnection, and DeleteConnection forgets them', async () => {
    const { sdk, admin } = await started();
    await admin('POST', 'phantoms', { prefix: 'p', count: 1 });
    const client = sdk();
    const info = await client.send(new GetConnectionCommand({ ConnectionId: 'p0' }));
    expect(info.Identity?.UserAgent).toBe('phantom');
    await client.send(new DeleteConnectionCommand({ ConnectionId: 'p0' }));
    const error = await client
      .send(new PostToConnectionCommand({ ConnectionId: 'p0', Data: 'x' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneException);
  });

  it('reset their counts between messages and are cleared by DELETE', async () => {
    const { sdk, admin } = await started();
    await admin('POST', 'phantoms', { prefix: 'p', count: 1 });
    await sdk().send(new PostToConnectionCommand({ ConnectionId: 'p0', Data: 'x' }));
    expect(await (await admin('POST', 'phantoms/reset')).json()).toMatchObject({ registered: 1, posted: 0 });
    expect((await admin('DELETE', 'phantoms')).status).toBe(204);
    expect(await (await admin('GET', 'phantoms')).json()).toMatchObject({ registered: 0 });
    const bad = await admin('POST', 'phantoms', { prefix: 'p', count: 0 });
    expect(bad.status).toBe(400);
  });
});
