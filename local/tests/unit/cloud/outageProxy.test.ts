// The outage proxy over real sockets: an HTTP server behind it, a keep-alive client in front.
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutageBusyError, OutageProxy } from '../../../src/cloud/outageProxy';

let backend: Server;
let proxy: OutageProxy;
let agent: Agent;
const logged: string[] = [];

beforeEach(async () => {
  backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(`ok ${req.url}`));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const { port } = backend.address() as AddressInfo;
  proxy = new OutageProxy('backend', { host: '127.0.0.1', port }, '127.0.0.1', (line) => logged.push(line));
  await proxy.listen();
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});

afterEach(async () => {
  agent.destroy();
  await proxy.close();
  backend.closeAllConnections();
  await new Promise<void>((resolve) => backend.close(() => resolve()));
  expect(logged).toEqual([]);
});

/** One GET through the proxy: the body, or the socket error's code. */
function get(path: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(`${proxy.endpoint}${path}`, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
    req.end();
  });
}

describe('OutageProxy', () => {
  it('forwards both ways while there is no outage', async () => {
    expect(await get('/a')).toBe('ok /a');
    expect(await get('/b')).toBe('ok /b'); // the same keep-alive socket
    expect(proxy.stats()).toEqual({ outages: 0, outageMs: 0 });
  });

  it('refuses: open connections are reset, new ones refused, and it listens again on the same port', async () => {
    expect(await get('/warm')).toBe('ok /warm');
    const port = proxy.port;
    await proxy.startOutage('refuse', 60_000);
    expect(proxy.stats()).toEqual({ active: { mode: 'refuse', ms: 60_000 }, outages: 1, outageMs: 60_000 });
    // The kept-alive socket was reset; the agent's next socket is refused.
    expect(['ECONNRESET', 'ECONNREFUSED']).toContain(await get('/during'));
    expect(await get('/during-again')).toBe('ECONNREFUSED');
    await proxy.endOutage();
    expect(proxy.port).toBe(port);
    expect(await get('/after')).toBe('ok /after');
    expect(proxy.stats()).toEqual({ outages: 1, outageMs: 60_000 });
  });

  it('ends an outage by itself after its time, and refuses a second one meanwhile', async () => {
    await proxy.startOutage('refuse', 50);
    await expect(proxy.startOutage('refuse', 10)).rejects.toBeInstanceOf(OutageBusyError);
    await proxy.outageEnded();
    expect(await get('/later')).toBe('ok /later');
    expect(proxy.stats()).toEqual({ outages: 1, outageMs: 50 });
  });
});
