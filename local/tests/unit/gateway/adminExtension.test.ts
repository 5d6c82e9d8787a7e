// The shared shape of the admin extensions, mounted on a real gateway.
import { adminExtension, readJsonBody } from '../../../src/gateway';
import { startGateway, stopGateways } from './support/harness';

class Refused extends Error {
  public readonly code = 'REFUSED_HERE';
}

afterEach(() => stopGateways());

async function start() {
  const echo = adminExtension({
    owns: (path) => path === 'echo' || path === 'boom',
    async route(req, res, path) {
      if (path === 'boom') throw new Error('not a refusal');
      if (req.method !== 'POST') return false;
      const body = await readJsonBody(req, 32, (message) => new Refused(message));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body }));
      return true;
    },
    refusalOf: (error) =>
      error instanceof Refused ? { status: 400, code: error.code, message: error.message } : undefined,
  });
  const { gateway } = await startGateway({ adminExtensions: [echo] });
  return async (method: string, path: string, body?: string) => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/${path}`, {
      method,
      headers: { 'x-chorus-admin-secret': gateway.adminSecret },
      ...(body === undefined ? {} : { body }),
    });
    return { status: response.status, body: (await response.text()) || undefined };
  };
}

describe('adminExtension', () => {
  it('answers its own routes, and a method they do not take with 405', async () => {
    const call = await start();
    expect(await call('POST', 'echo', '{"a":1}')).toEqual({ status: 200, body: '{"got":{"a":1}}' });
    expect(await call('GET', 'echo')).toEqual({
      status: 405,
      body: JSON.stringify({ message: 'GET is not allowed on /_chorus/echo' }),
    });
  });

  it('answers a bad or oversize JSON body as the refusal the extension names', async () => {
    const call = await start();
    expect(await call('POST', 'echo', '{"a":')).toEqual({
      status: 400,
      body: JSON.stringify({ message: 'body is not JSON', code: 'REFUSED_HERE' }),
    });
    expect(await call('POST', 'echo', JSON.stringify({ text: 'x'.repeat(40) }))).toEqual({
      status: 400,
      body: JSON.stringify({ message: 'body larger than 32 bytes', code: 'REFUSED_HERE' }),
    });
  });

  it('leaves other paths to the next handler, and lets a failure that is no refusal through', async () => {
    const call = await start();
    expect((await call('GET', 'nowhere')).status).toBe(404);
    const failed = await call('GET', 'boom');
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('REFUSED_HERE');
  });
});
