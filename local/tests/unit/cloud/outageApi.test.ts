// The outage switch over HTTP, mounted on a real gateway, in front of a real proxy.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createOutageApi, parseOutageRequest, OutageRequestError } from '../../../src/cloud/outageApi';
import { OutageProxy } from '../../../src/cloud/outageProxy';
import { startGateway, stopGateways } from '../gateway/support/harness';

let backend: Server;
let proxy: OutageProxy;

beforeEach(async () => {
  backend = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  proxy = new OutageProxy('sqs', { host: '127.0.0.1', port: (backend.address() as AddressInfo).port });
  await proxy.listen();
});

afterEach(async () => {
  await stopGateways();
  await proxy.close();
  await new Promise<void>((resolve) => backend.close(() => resolve()));
});

async function start() {
  const { gateway } = await startGateway({ adminExtensions: [createOutageApi({ sqs: proxy })] });
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/${path}`, {
      method,
      headers: { 'x-chorus-admin-secret': gateway.adminSecret },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
}

describe('parseOutageRequest', () => {
  it('takes ms and mode (refuse by default)', () => {
    expect(parseOutageRequest({ ms: 3000 })).toEqual({ mode: 'refuse', ms: 3000 });
  });

  it.each([
    [null, 'must be a JSON object'],
    [{}, 'ms must be an integer from 1 to 60000'],
    [{ ms: 0 }, 'ms must be an integer'],
    [{ ms: 60_001 }, 'ms must be an integer'],
    [{ ms: 10, mode: 'flaky' }, 'mode must be one of refuse'],
    [{ ms: 10, seconds: 1 }, 'unknown field(s) seconds; expected mode, ms'],
  ])('refuses %j: %s', (body, message) => {
    expect(() => parseOutageRequest(body)).toThrow(OutageRequestError);
    expect(() => parseOutageRequest(body)).toThrow(message);
  });
});

describe('/_chorus/outages', () => {
  it('starts an outage, reports it, refuses a second, and DELETE ends it at once', async () => {
    const call = await start();
    expect(await call('POST', 'outages/sqs', { ms: 60_000 })).toEqual({
      status: 200,
      body: { active: { mode: 'refuse', ms: 60_000 }, outages: 1, outageMs: 60_000 },
    });
    expect((await call('POST', 'outages/sqs', { ms: 10 })).status).toBe(409);
    expect(await call('GET', 'outages')).toEqual({
      status: 200,
      body: { sqs: { active: { mode: 'refuse', ms: 60_000 }, outages: 1, outageMs: 60_000 } },
    });
    expect((await call('DELETE', 'outages')).status).toBe(204);
    expect((await call('GET', 'outages')).body).toEqual({ sqs: { outages: 1, outageMs: 60_000 } });
  });

  it('answers an unknown service with 404, a bad body with 400 and a wrong method with 405', async () => {
    const call = await start();
    expect(await call('POST', 'outages/s3', { ms: 10 })).toEqual({
      status: 404,
      body: { message: 'no service s3; known: sqs', code: 'INVALID_OUTAGE' },
    });
    expect((await call('POST', 'outages/sqs', { ms: 'long' })).status).toBe(400);
    expect((await call('PUT', 'outages')).status).toBe(405);
    expect(proxy.stats()).toEqual({ outages: 0, outageMs: 0 });
  });
});
